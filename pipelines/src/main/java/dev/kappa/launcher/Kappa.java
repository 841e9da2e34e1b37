package dev.kappa.launcher;

import dev.kappa.pipelines.KappaPipeline;
import dev.kappa.pipelines.io.Edges;
import dev.kappa.pipelines.options.KappaOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The {@code kappa} command: {@code list}, {@code help PIPELINE}, {@code run PIPELINE [options]}
 * and {@code generate}. The runner comes from {@code --env=PROFILE} or {@code --runner}, never from
 * code. Mistakes on the command line are one line on stderr and exit code 2.
 */
public final class Kappa {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  private static final String USAGE_LINE =
      "usage: kappa list | help PIPELINE | run PIPELINE [--env=PROFILE] [options]"
          + " | generate --events=N --seed=S --out=FILE";

  private final Profiles profiles;
  private final PrintStream out;
  private final PrintStream err;

  Kappa(Path home, PrintStream out, PrintStream err) {
    this.profiles = new Profiles(home.resolve("runners-config"));
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(fromEnvironment().execute(List.of(args)));
  }

  /** Runs one pipeline as {@code kappa run NAME args...}; for a pipeline class's own main. */
  public static void runPipeline(KappaPipeline<?> pipeline, String[] args) {
    List<String> command = new ArrayList<>(List.of("run", pipeline.name()));
    command.addAll(Arrays.asList(args));
    System.exit(fromEnvironment().execute(command));
  }

  private static Kappa fromEnvironment() {
    return new Kappa(Path.of(System.getProperty("kappa.home", ".")), System.out, System.err);
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
      case "generate":
        err.println(GenerateCommand.run(rest));
        return OK;
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

  private <O extends KappaOptions> int run(KappaPipeline<O> definition, List<String> args) {
    List<String> resolved = profiles.resolve(args);
    O options =
        PipelineOptionsFactory.fromArgs(resolved.toArray(new String[0]))
            .withValidation()
            .as(definition.optionsClass());
    Edges edges = Edges.from(options);
    String runner = options.getRunner().getSimpleName();
    refuseUnsupported(runner, edges);
    Pipeline pipeline = Pipeline.create(options);
    definition.build(pipeline, options, edges);
    err.printf(
        "kappa: running %s on %s (%s)%n", definition.name(), runner, String.join(" ", resolved));
    long start = System.nanoTime();
    PipelineResult result;
    try {
      result = pipeline.run();
      result.waitUntilFinish();
    } catch (RuntimeException e) {
      err.println("kappa: " + definition.name() + " failed on " + runner + ": " + rootCause(e));
      e.printStackTrace(err);
      return FAILED;
    }
    err.println(RunSummary.of(definition.name(), runner, edges, result, System.nanoTime() - start));
    return result.getState() == PipelineResult.State.DONE ? OK : FAILED;
  }

  /**
   * Live runs on Spark: Beam's Spark runner in streaming mode did not finish when the generator's
   * stream ended and fired one pane per window, without early or late panes (seen here with Beam
   * 2.70.0 and Spark 3.5), so Kappa refuses rather than give wrong or unending results.
   */
  private static void refuseUnsupported(String runner, Edges edges) {
    if (runner.contains("Spark") && edges.source().isLive()) {
      throw new UsageException(
          "the Spark runner cannot run live (unbounded) sources: its streaming mode lacks the"
              + " early and late trigger firings Kappa's results need and does not finish when a"
              + " stream ends; run live on --env=direct or --env=flink-local, and replay on Spark"
              + " as a batch job");
    }
  }

  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.toString();
  }
}
