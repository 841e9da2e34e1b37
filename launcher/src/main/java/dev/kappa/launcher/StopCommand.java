package dev.kappa.launcher;

import dev.kappa.pipelines.KappaPipeline;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kappa stop PIPELINE [--version=V] [--savepoint[=DIR]] --env=flink-cluster}: stops the live
 * job {@code kappa run} submitted to a Flink session cluster. With {@code --savepoint} Flink first
 * writes the job's state (windows, panes, Kafka offsets) to a savepoint and prints where, for
 * {@code kappa run PIPELINE --fromSavepoint=PATH}: the upgrade path for a changed pipeline that
 * keeps its state. Without it the job is cancelled.
 */
final class StopCommand {
  private static final Duration SAVEPOINT_TIMEOUT = Duration.ofMinutes(5);

  private final Launcher launcher;
  private final PrintStream out;
  private final PrintStream err;

  StopCommand(Launcher launcher, PrintStream out, PrintStream err) {
    this.launcher = launcher;
    this.out = out;
    this.err = err;
  }

  int run(KappaPipeline<?> definition, List<String> args) throws IOException {
    String savepoint = null;
    boolean withSavepoint = false;
    List<String> rest = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("--savepoint")) {
        withSavepoint = true;
      } else if (arg.startsWith("--savepoint=")) {
        withSavepoint = true;
        savepoint = arg.substring("--savepoint=".length());
      } else {
        rest.add(arg);
      }
    }
    // The pipeline's own options say which version (default v1) and which cluster.
    LaunchPlan<?> plan = launcher.plan(definition, rest, false);
    Cluster cluster =
        plan.cluster()
            .filter(Cluster::isFlink)
            .orElseThrow(
                () ->
                    new UsageException(
                        "stop talks to a Flink session cluster (--env=flink-cluster); a run on Direct or"
                            + " embedded Flink stops with Ctrl-C"));
    cluster.requireUp();
    FlinkRest flink = new FlinkRest(cluster.url());
    String name =
        LaunchPlan.jobName(definition.name(), plan.options().getVersion(), LaunchPlan.Mode.LIVE);
    String job =
        flink
            .activeJob(name)
            .orElseThrow(
                () -> new UsageException("no running job named " + name + " on " + cluster.url()));
    if (!withSavepoint) {
      flink.cancel(job);
      err.println("kappa: cancelled " + name + " (" + job + ")");
      return Kappa.OK;
    }
    err.println("kappa: stopping " + name + " (" + job + ") with a savepoint...");
    String location = flink.stopWithSavepoint(job, savepoint, SAVEPOINT_TIMEOUT);
    err.println(
        "kappa: stopped; resume with: bin/kappa run "
            + definition.name()
            + " --fromSavepoint="
            + location
            + " (and the run's other options)");
    out.println(location);
    return Kappa.OK;
  }
}
