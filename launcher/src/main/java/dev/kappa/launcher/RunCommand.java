package dev.kappa.launcher;

import java.io.PrintStream;
import org.apache.beam.sdk.PipelineResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kappa run PIPELINE [--env=PROFILE] [--fromSavepoint=PATH] [options]}: a bounded input to
 * its end, then the run summary; a live source until stopped, or detached on a Flink session
 * cluster, where it runs until {@code kappa stop}.
 */
@Command(
    name = "run",
    description = {
      "Runs PIPELINE: a bounded input (file, generator) to its end, then prints its summary;"
          + " a live source (a Kafka topic, --rate) until stopped. On a Flink session cluster a"
          + " live run is submitted and runs there until 'kappa stop'."
    },
    footer = {"", "PIPELINE's options (given as --name=value): kappa help PIPELINE"})
final class RunCommand extends PipelineCommand {
  @Option(
      names = "--fromSavepoint",
      paramLabel = "PATH",
      description = "Starts from the state a savepoint holds ('kappa stop --savepoint'; Flink).")
  private String fromSavepoint;

  private final Launcher launcher;
  private final PrintStream err;

  RunCommand(Launcher launcher, PrintStream err) {
    this.launcher = launcher;
    this.err = err;
  }

  @Override
  public Integer call() {
    // Beam's name for the option; Kappa's says what it is for.
    LaunchRequest request =
        fromSavepoint == null ? request() : request("--savepointPath=" + fromSavepoint);
    return runToTheEnd(launcher, err, launcher.plan(definition(), request, false));
  }

  /**
   * Starts {@code plan}; a job submitted to a cluster to run there returns at once, saying how to
   * stop it; any other run is waited for, and its summary printed.
   */
  static int runToTheEnd(Launcher launcher, PrintStream err, LaunchPlan<?> plan) {
    Launcher.Launched launched = launcher.launch(plan);
    if (plan.cluster().isPresent() && plan.detached()) {
      Cluster cluster = plan.cluster().get();
      err.printf(
          "kappa: submitted %s to %s (web UI %s); it runs until stopped:%n"
              + "  bin/kappa stop %s --version=%s --flinkMaster=%s:%d [--savepoint]%n",
          plan.jobName(),
          cluster.kind(),
          cluster.url(),
          plan.definition().name(),
          plan.options().getVersion(),
          cluster.host(),
          cluster.port());
      return Kappa.OK;
    }
    launched.waitUntilFinish();
    err.println(launched.summary().format(plan.options().getSummary()));
    return launched.result().getState() == PipelineResult.State.DONE ? Kappa.OK : Kappa.FAILED;
  }
}
