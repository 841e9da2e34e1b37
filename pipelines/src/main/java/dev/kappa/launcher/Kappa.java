package dev.kappa.launcher;

import dev.kappa.pipelines.KappaPipeline;
import dev.kappa.pipelines.io.ConfiguredEdges;
import dev.kappa.pipelines.options.KappaOptions;
import dev.kappa.pipelines.serving.JdbcTarget;
import dev.kappa.pipelines.serving.PgPassFile;
import dev.kappa.pipelines.serving.ServingDatabaseUnavailableException;
import dev.kappa.pipelines.serving.ServingReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.values.PCollection;

/**
 * The {@code kappa} command: {@code list}, {@code help PIPELINE}, {@code run PIPELINE [options]}
 * and {@code generate}. The runner comes from {@code --env=PROFILE} or {@code --runner}, never from
 * code. Mistakes on the command line are one line on stderr and exit code 2.
 */
public final class Kappa {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  /** {@code status}: unhealthy; {@code reprocess}: the new version failed its check, no switch. */
  static final int UNHEALTHY = 3;
  private static final String USAGE_LINE =
      "usage: kappa list | help PIPELINE | run PIPELINE [--env=PROFILE] [options]"
          + " | replay PIPELINE --source=kafka:TOPIC [--from=..] [--to=..] [options]"
          + " | reprocess PIPELINE --version=V --source=kafka:TOPIC --sink=jdbc:... [options]"
          + " | stop PIPELINE [--version=V] [--savepoint[=DIR]] --env=flink-cluster"
          + " | status [PIPELINE] --sink=jdbc:... [--source=kafka:TOPIC] [--env=PROFILE] [--json]"
          + " | switch PIPELINE --version=V --sink=jdbc:..."
          + " | generate --events=N --seed=S --out=FILE"
          + " | produce --topic=T (--events=N --seed=S [--rate=R] | --from=file:PATH)"
          + " | demo";

  private final Profiles profiles;
  private final PrintStream out;
  private final PrintStream err;

  /** The kappa command; {@code defaultProfile} is the profile of runs without {@code --env}. */
  Kappa(Path home, String defaultProfile, PrintStream out, PrintStream err) {
    this.profiles = new Profiles(home.resolve("runners-config"), defaultProfile);
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(fromEnvironment().execute(List.of(args)));
  }

  private static Kappa fromEnvironment() {
    return new Kappa(
        Path.of(System.getProperty("kappa.home", ".")),
        Profiles.DEFAULT_PROFILE,
        System.out,
        System.err);
  }

  int execute(List<String> args) {
    try {
      return dispatch(args);
    } catch (UsageException | IllegalArgumentException e) {
      err.println("kappa: " + e.getMessage());
      return USAGE;
    } catch (IOException e) {
      err.println("kappa: " + e);
      return FAILED;
    } catch (RunFailedException e) {
      Optional<String> explained = explainedFailure(e.getCause());
      err.println("kappa: " + e.getMessage() + ": "
          + explained.orElseGet(() -> rootCause(e.getCause())));
      if (explained.isEmpty()) {
        e.getCause().printStackTrace(err);
      }
      return FAILED;
    }
  }

  private int dispatch(List<String> args) throws IOException {
    String command = args.isEmpty() ? "" : args.get(0);
    List<String> rest = args.subList(Math.min(1, args.size()), args.size());
    switch (command) {
      case "list":
        PipelineRegistry.all()
            .forEach(p -> out.printf("%-16s %s%n", p.name(), p.description()));
        return OK;
      case "help":
        out.print(OptionsHelp.of(PipelineRegistry.byName(onlyPipelineName(rest))));
        return OK;
      case "run":
        return run(PipelineRegistry.byName(pipelineName(rest)), rest.subList(1, rest.size()));
      case "replay":
        return run(PipelineRegistry.byName(pipelineName(rest)), replayArgs(rest));
      case "reprocess":
        return new ReprocessCommand(this, err)
            .run(PipelineRegistry.byName(pipelineName(rest)), rest.subList(1, rest.size()));
      case "stop":
        return new StopCommand(this, out, err)
            .run(PipelineRegistry.byName(pipelineName(rest)), rest.subList(1, rest.size()));
      case "status":
        return new StatusCommand(this, out).run(rest);
      case "switch":
        return new SwitchCommand(err)
            .run(PipelineRegistry.byName(pipelineName(rest)), rest.subList(1, rest.size()));
      case "generate":
        err.println(GenerateCommand.run(rest));
        return OK;
      case "produce":
        err.println(ProduceCommand.run(rest));
        return OK;
      case "demo":
        return demo(rest);
      default:
        throw new UsageException(
            (command.isEmpty() ? "no command" : "unknown command '" + command + "'")
                + "; " + USAGE_LINE);
    }
  }

  private static String pipelineName(List<String> rest) {
    if (rest.isEmpty() || rest.get(0).startsWith("--")) {
      throw new UsageException("name a pipeline (see 'kappa list'); " + USAGE_LINE);
    }
    return rest.get(0);
  }

  private static String onlyPipelineName(List<String> rest) {
    String name = pipelineName(rest);
    if (rest.size() > 1) {
      throw new UsageException("help takes one pipeline name, got " + rest);
    }
    return name;
  }

  private int demo(List<String> args) throws IOException {
    try {
      return new DemoCommand(this, out, err).run(args);
    } catch (SQLException e) {
      throw new IOException("the demo's database: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FAILED;
    }
  }

  /** {@code replay NAME args}: {@code run NAME --replay=true args}, a kafka: source required. */
  private static List<String> replayArgs(List<String> rest) {
    String kafkaSource = "--source=kafka:";
    if (rest.stream()
        .noneMatch(arg -> arg.startsWith(kafkaSource) && arg.length() > kafkaSource.length())) {
      throw new UsageException("replay reads a Kafka topic: give --source=kafka:TOPIC");
    }
    List<String> args = new ArrayList<>(rest.subList(1, rest.size()));
    args.add(0, "--replay=true");
    return args;
  }

  private int run(KappaPipeline<?> definition, List<String> args) {
    Launched launched = launch(definition, args, false);
    LaunchPlan<?> plan = launched.plan();
    if (plan.cluster().isPresent() && plan.detached()) {
      Cluster cluster = plan.cluster().get();
      err.printf(
          "kappa: submitted %s to %s (web UI %s); it runs until stopped:%n"
              + "  bin/kappa stop %s --version=%s --flinkMaster=%s:%d [--savepoint]%n",
          plan.jobName(), cluster.kind(), cluster.url(), definition.name(),
          plan.options().getVersion(), cluster.host(), cluster.port());
      return OK;
    }
    launched.waitUntilFinish();
    err.println(launched.summary().format(plan.options().getSummary()));
    return launched.result().getState() == PipelineResult.State.DONE ? OK : FAILED;
  }

  /** A run that failed inside the runner; {@link #execute} reports it. */
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

  /** {@code args} with the profile they name (or the default one) applied. */
  List<String> withProfile(List<String> args) {
    return profiles.resolve(args);
  }

  /** The plan of {@code definition} run with {@code args}, the profile applied. */
  <O extends KappaOptions> LaunchPlan<O> plan(
      KappaPipeline<O> definition, List<String> args, boolean detached) {
    List<String> resolved = passwordsKeptOutOfTheJob(profiles.resolve(fromSavepointAlias(args)));
    refuseFasterCopyWithCheckpoints(resolved);
    // A cluster is checked before the options are parsed: a cluster that does not answer says how
    // to start it, whichever runners this class path holds.
    Cluster.of(resolved).ifPresent(Cluster::requireUp);
    return LaunchPlan.of(definition, resolved, detached);
  }

  /** {@link #plan} then {@link #launch(LaunchPlan)}. */
  <O extends KappaOptions> Launched launch(
      KappaPipeline<O> definition, List<String> args, boolean detached) {
    return launch(plan(definition, args, detached));
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
        plan.definition().name(), plan.runner(), plan.jobName(),
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
        err.printf("kappa: the password of %s is kept in %s (owner-only), where the PostgreSQL"
            + " driver of each worker reads it, not in the job's options%n",
            withoutPassword, file.path());
      }
      kept.add(arg.substring(0, equals + 1) + withoutPassword);
    }
    return kept;
  }

  /** {@code --fromSavepoint=PATH} is Kappa's name for Beam's {@code --savepointPath=PATH}. */
  private static List<String> fromSavepointAlias(List<String> args) {
    List<String> translated = new ArrayList<>();
    for (String arg : args) {
      translated.add(arg.startsWith("--fromSavepoint=")
          ? "--savepointPath=" + arg.substring("--fromSavepoint=".length())
          : arg);
    }
    return translated;
  }

  /**
   * Flink's {@code --fasterCopy} also skips the copies Flink's heap state backend makes of state
   * objects while a checkpoint is written in the background. Beam accumulators are updated in
   * place, so the checkpoint would hold elements read after it, and a job restored from it would
   * count them twice ({@code FlinkClusterFaults} caught this with a TaskManager killed).
   */
  private static void refuseFasterCopyWithCheckpoints(List<String> args) {
    boolean fasterCopy =
        args.stream().anyMatch(
            arg -> arg.equals("--fasterCopy") || arg.equalsIgnoreCase("--fasterCopy=true"));
    boolean checkpoints =
        args.stream().anyMatch(
            arg -> arg.startsWith("--checkpointingInterval=")
                && !arg.equals("--checkpointingInterval=-1"));
    if (fasterCopy && checkpoints) {
      throw new UsageException(
          "--fasterCopy cannot be combined with --checkpointingInterval: Beam's accumulators are"
              + " updated in place, so a checkpoint could hold elements read after it and a job"
              + " restored from it would count them twice");
    }
  }

  /**
   * The message of a failure that says all there is to say (the serving database did not come
   * back), whose stack trace would only bury it. Matched by name: a runner may hand the cause
   * back as a serialized copy (Flink's SerializedThrowable), whose toString is the original's.
   */
  private static Optional<String> explainedFailure(Throwable e) {
    String prefix = ServingDatabaseUnavailableException.class.getName() + ": ";
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause.toString().startsWith(prefix)) {
        return Optional.of(cause.toString().substring(prefix.length()));
      }
    }
    return Optional.empty();
  }

  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.toString();
  }
}
