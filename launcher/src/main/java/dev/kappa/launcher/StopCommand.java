package dev.kappa.launcher;

import dev.kappa.pipelines.KappaPipeline;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code kappa stop PIPELINE [--version=V] [--savepoint[=DIR]] --env=flink-cluster}: stops the live
 * job {@code kappa run} submitted to a Flink session cluster. With {@code --savepoint} Flink first
 * writes the job's state (windows, panes, Kafka offsets) to a savepoint and prints where, for
 * {@code kappa run PIPELINE --fromSavepoint=PATH}: the upgrade path for a changed pipeline that
 * keeps its state. Without it the job is cancelled.
 */
@Command(
    name = "stop",
    description = {
      "Stops the live job of PIPELINE that 'kappa run' submitted to a Flink session cluster:"
          + " cancels it, or with --savepoint stops it after Flink has written its state, and"
          + " prints where (resume with 'kappa run PIPELINE --fromSavepoint=PATH')."
    },
    footer = {
      "",
      "The job is found by its --jobName, else by --version=V (default v1); the cluster by --env."
    })
final class StopCommand extends PipelineCommand {
  private static final Duration SAVEPOINT_TIMEOUT = Duration.ofMinutes(5);

  /** What {@code --savepoint} without a folder stands for: the cluster's configured one. */
  private static final String CLUSTER_DEFAULT = "";

  @Option(
      names = "--savepoint",
      arity = "0..1",
      paramLabel = "DIR",
      preprocessor = FolderOnlyAttached.class,
      description =
          "Stops with a savepoint (in DIR, else the cluster's state.savepoints.dir) instead of"
              + " cancelling.")
  private String savepoint;

  /**
   * Reads {@code --savepoint} alone as the cluster's folder and only {@code --savepoint=DIR} as a
   * folder: picocli would take the word after a bare {@code --savepoint} as its folder, even when
   * it is the next option ({@code --flinkMaster=...}).
   */
  static final class FolderOnlyAttached implements IParameterPreprocessor {
    @Override
    public boolean preprocess(
        Stack<String> args, CommandSpec command, ArgSpec option, Map<String, Object> info) {
      if ("=".equals(info.get("separator"))) {
        return false;
      }
      option.setValue(CLUSTER_DEFAULT);
      return true;
    }
  }

  private final Launcher launcher;
  private final PrintStream out;
  private final PrintStream err;

  StopCommand(Launcher launcher, PrintStream out, PrintStream err) {
    this.launcher = launcher;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws IOException {
    KappaPipeline<?> definition = definition();
    // The pipeline's own options say which version (default v1) and which cluster.
    LaunchRequest request = request();
    LaunchPlan<?> plan = launcher.plan(definition, request, false);
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
    // The live job's name, whatever source the profile names (a plan's mode follows its source).
    String name =
        request
            .jobName()
            .orElse(
                LaunchPlan.jobName(
                    definition.name(), plan.options().getVersion(), LaunchPlan.Mode.LIVE));
    String job =
        flink
            .activeJob(name)
            .orElseThrow(
                () -> new UsageException("no running job named " + name + " on " + cluster.url()));
    if (savepoint == null) {
      flink.cancel(job);
      err.println("kappa: cancelled " + name + " (" + job + ")");
      return Kappa.OK;
    }
    err.println("kappa: stopping " + name + " (" + job + ") with a savepoint...");
    String location =
        flink.stopWithSavepoint(
            job, savepoint.equals(CLUSTER_DEFAULT) ? null : savepoint, SAVEPOINT_TIMEOUT);
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
