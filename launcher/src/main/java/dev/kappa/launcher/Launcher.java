package dev.kappa.launcher;

import dev.kappa.launcher.serving.ServingReader;
import dev.kappa.pipelines.KappaPipeline;
import dev.kappa.pipelines.io.ConfiguredEdges;
import dev.kappa.pipelines.options.KappaOptions;
import dev.kappa.pipelines.serving.JdbcTarget;
import dev.kappa.pipelines.serving.PgPassFile;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.values.PCollection;

/**
 * Plans and starts runs for the commands ({@code run}, {@code replay}, {@code reprocess}, {@code
 * stop}, {@code demo}): applies the profile to the command line, keeps passwords out of the job's
 * options, checks the cluster, and builds and starts the pipeline. It prints only the line that
 * says a job starts; what a command does with the job is the command's.
 */
final class Launcher {
  private final Profiles profiles;
  private final PrintStream err;

  Launcher(Profiles profiles, PrintStream err) {
    this.profiles = profiles;
    this.err = err;
  }

  /** A run that failed inside the runner; {@link Kappa} reports it. */
  static final class RunFailedException extends RuntimeException {
    RunFailedException(String pipeline, String runner, RuntimeException cause) {
      super(pipeline + " failed on " + runner, cause);
    }
  }

  /** A pipeline that has been started, and what its summary needs. */
  record Launched(
      LaunchPlan<?> plan,
      ConfiguredEdges edges,
      Optional<String> eventTimeColumn,
      PipelineResult result,
      long startNanos) {
    RunSummary summary() {
      return RunSummary.of(
          plan.definition().name(), plan.runner(), edges, result, System.nanoTime() - startNanos);
    }

    /** Waits for the job to end; a failure inside the runner is a RunFailedException. */
    void waitUntilFinish() {
      try {
        result.waitUntilFinish();
      } catch (RuntimeException e) {
        throw new RunFailedException(plan.definition().name(), plan.runner(), e);
      }
    }
  }

  /** The options of {@code request} with its profile applied. */
  List<String> withProfile(LaunchRequest request) {
    return profiles.resolve(request.profile(), request.options());
  }

  /** The bundle a run with {@code profile} needs ({@code kappa bundle}, for bin/kappa). */
  String bundle(Optional<String> profile) {
    return profiles.bundle(profile);
  }

  /** The plan of {@code definition} run as {@code request} asks, the profile applied. */
  <O extends KappaOptions> LaunchPlan<O> plan(
      KappaPipeline<O> definition, LaunchRequest request, boolean detached) {
    List<String> resolved = passwordsKeptOutOfTheJob(withProfile(request));
    refuseFasterCopyWithCheckpoints(resolved);
    // A cluster is checked before the options are parsed: a cluster that does not answer says how
    // to start it, whichever runners this class path holds.
    Cluster.of(resolved).ifPresent(Cluster::requireUp);
    return LaunchPlan.of(definition, resolved, request.jobName(), detached);
  }

  /**
   * The options of a job the launcher builds itself ({@code kappa archive}): {@code request} with
   * its profile applied, its cluster checked, named {@code jobName} on its runner.
   */
  KappaOptions jobOptions(LaunchRequest request, String jobName) {
    List<String> resolved = passwordsKeptOutOfTheJob(withProfile(request));
    Cluster.of(resolved).ifPresent(Cluster::requireUp);
    KappaOptions options = CommandLineOptions.parse(resolved, KappaOptions.class);
    options.setJobName(request.jobName().orElse(jobName));
    return options;
  }

  /** {@link #plan} then {@link #launch(LaunchPlan)}. */
  <O extends KappaOptions> Launched launch(
      KappaPipeline<O> definition, LaunchRequest request, boolean detached) {
    return launch(plan(definition, request, detached));
  }

  /**
   * Prepares (checks the services, fixes a replay's slice), builds and starts {@code plan}.
   * Attached, it returns once the runner returns from {@code run()}, which for a blocking runner is
   * when the job has finished; detached, as soon as the job is running (Direct and Flink).
   */
  <O extends KappaOptions> Launched launch(LaunchPlan<O> plan) {
    ConfiguredEdges edges = plan.prepare();
    Pipeline pipeline = Pipeline.create(plan.options());
    PCollection<?> results = plan.definition().build(pipeline, plan.options(), edges);
    err.printf(
        "kappa: running %s on %s as %s (%s)%n",
        plan.definition().name(),
        plan.runner(),
        plan.jobName(),
        JdbcTarget.redact(String.join(" ", plan.args())));
    long start = System.nanoTime();
    try {
      return new Launched(
          plan, edges, ServingReader.eventTimeColumn(results.getSchema()), pipeline.run(), start);
    } catch (RuntimeException e) {
      throw new RunFailedException(plan.definition().name(), plan.runner(), e);
    }
  }

  /**
   * Every {@code jdbc:} option without its password, which goes to the driver's password file
   * instead ({@link PgPassFile}): pipeline options are published in the job's configuration. The
   * launcher's {@code PGPASSWORD} is kept there too, as a cluster's workers do not have it.
   */
  private List<String> passwordsKeptOutOfTheJob(List<String> args) {
    PgPassFile file = PgPassFile.standard();
    Optional<String> environment = Optional.ofNullable(System.getenv("PGPASSWORD"));
    List<String> kept = new ArrayList<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      String value = equals < 0 ? "" : arg.substring(equals + 1);
      if (!arg.startsWith("--") || !value.startsWith("jdbc:postgresql:")) {
        kept.add(arg);
        continue;
      }
      String withoutPassword = file.keepPasswordOf(value, environment);
      if (!withoutPassword.equals(value) || environment.isPresent()) {
        err.printf(
            "kappa: the password of %s is kept in %s (owner-only), where the PostgreSQL"
                + " driver of each worker reads it, not in the job's options%n",
            withoutPassword, file.path());
      }
      kept.add(arg.substring(0, equals + 1) + withoutPassword);
    }
    return kept;
  }

  /**
   * Whether {@code args} (a profile applied) turn Flink's checkpointing on: the last {@code
   * --checkpointingInterval} given, in ms, is above 0. Matched by name: no runner class is imported
   * here.
   */
  static boolean checkpoints(List<String> args) {
    return args.stream()
        .filter(arg -> arg.startsWith("--checkpointingInterval="))
        .reduce((first, second) -> second)
        .map(arg -> Long.parseLong(arg.substring("--checkpointingInterval=".length())) > 0)
        .orElse(false);
  }

  /**
   * Flink's {@code --fasterCopy} also skips the copies Flink's heap state backend makes of state
   * objects while a checkpoint is written in the background. Beam accumulators are updated in
   * place, so the checkpoint would hold elements read after it, and a job restored from it would
   * count them twice ({@code FlinkClusterFaults} caught this with a TaskManager killed).
   */
  private static void refuseFasterCopyWithCheckpoints(List<String> args) {
    boolean fasterCopy =
        args.stream()
            .anyMatch(
                arg -> arg.equals("--fasterCopy") || arg.equalsIgnoreCase("--fasterCopy=true"));
    boolean checkpoints = checkpoints(args);
    if (fasterCopy && checkpoints) {
      throw new UsageException(
          "--fasterCopy cannot be combined with --checkpointingInterval: Beam's accumulators are"
              + " updated in place, so a checkpoint could hold elements read after it and a job"
              + " restored from it would count them twice");
    }
  }
}
