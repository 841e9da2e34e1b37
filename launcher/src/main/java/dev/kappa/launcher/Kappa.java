package dev.kappa.launcher;

import dev.kappa.pipelines.KappaPipeline;
import dev.kappa.pipelines.PipelineRegistry;
import dev.kappa.pipelines.serving.ServingDatabaseUnavailableException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.PipelineResult;

/**
 * The {@code kappa} command line, its entry point: reads the command ({@code list}, {@code help},
 * {@code run}, {@code replay}, {@code reprocess}, {@code stop}, {@code status}, {@code verify},
 * {@code switch}, {@code generate}, {@code produce}, {@code demo}), hands it to its command class
 * or to the {@link Launcher}, and turns what comes back into an exit code: 0 done, 1 failed, 2 a
 * usage error or a service that does not answer (one line on stderr, no stack trace), 3 unhealthy
 * or refused. The runner comes from {@code --env=PROFILE} or {@code --runner}, never from code.
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
          + " | verify PIPELINE [--version=V] --source=kafka:TOPIC --sink=jdbc:... [--json]"
          + " | switch PIPELINE --version=V --sink=jdbc:..."
          + " | generate --events=N --seed=S --out=FILE"
          + " | produce --topic=T (--events=N --seed=S [--rate=R] | --from=file:PATH)"
          + " | demo";

  private final Launcher launcher;
  private final PrintStream out;
  private final PrintStream err;

  /** The kappa command; {@code defaultProfile} is the profile of runs without {@code --env}. */
  Kappa(Path home, String defaultProfile, PrintStream out, PrintStream err) {
    this.launcher = new Launcher(new Profiles(home.resolve("runners-config"), defaultProfile), err);
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
    } catch (Launcher.RunFailedException e) {
      Optional<String> explained = explainedFailure(e.getCause());
      err.println(
          "kappa: " + e.getMessage() + ": " + explained.orElseGet(() -> rootCause(e.getCause())));
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
        PipelineRegistry.all().forEach(p -> out.printf("%-16s %s%n", p.name(), p.description()));
        return OK;
      case "help":
        out.print(OptionsHelp.of(KnownPipelines.named(onlyPipelineName(rest))));
        return OK;
      case "run":
        return run(KnownPipelines.named(pipelineName(rest)), rest.subList(1, rest.size()));
      case "replay":
        return run(KnownPipelines.named(pipelineName(rest)), replayArgs(rest));
      case "reprocess":
        return new ReprocessCommand(launcher, err)
            .run(KnownPipelines.named(pipelineName(rest)), rest.subList(1, rest.size()));
      case "stop":
        return new StopCommand(launcher, out, err)
            .run(KnownPipelines.named(pipelineName(rest)), rest.subList(1, rest.size()));
      case "status":
        return new StatusCommand(launcher, out).run(rest);
      case "verify":
        return new VerifyCommand(launcher, out, err)
            .run(KnownPipelines.named(pipelineName(rest)), rest.subList(1, rest.size()));
      case "switch":
        return new SwitchCommand(err)
            .run(KnownPipelines.named(pipelineName(rest)), rest.subList(1, rest.size()));
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
                + "; "
                + USAGE_LINE);
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
      return new DemoCommand(launcher, out, err).run(args);
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
    Launcher.Launched launched = launcher.launch(definition, args, false);
    LaunchPlan<?> plan = launched.plan();
    if (plan.cluster().isPresent() && plan.detached()) {
      Cluster cluster = plan.cluster().get();
      err.printf(
          "kappa: submitted %s to %s (web UI %s); it runs until stopped:%n"
              + "  bin/kappa stop %s --version=%s --flinkMaster=%s:%d [--savepoint]%n",
          plan.jobName(),
          cluster.kind(),
          cluster.url(),
          definition.name(),
          plan.options().getVersion(),
          cluster.host(),
          cluster.port());
      return OK;
    }
    launched.waitUntilFinish();
    err.println(launched.summary().format(plan.options().getSummary()));
    return launched.result().getState() == PipelineResult.State.DONE ? OK : FAILED;
  }

  /**
   * The message of a failure that says all there is to say (the serving database did not come
   * back), whose stack trace would only bury it. Matched by name: a runner may hand the cause back
   * as a serialized copy (Flink's SerializedThrowable), whose toString is the original's.
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
