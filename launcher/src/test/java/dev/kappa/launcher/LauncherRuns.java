package dev.kappa.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.pipelines.PipelineRegistry;
import dev.kappa.pipelines.options.KappaOptions;
import dev.kappa.testing.LocalScripts;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Runs a pipeline as {@code kappa run NAME ...} in this JVM, with its results as JSON lines in
 * {@code results}: the way a user runs it, so every pipeline is tested through one path.
 */
public final class LauncherRuns {
  /**
   * Runs without {@code --env} use the DirectRunner, as the unit tests always have: it checks that
   * elements are not mutated and that coders round-trip. The CLI's default is embedded Flink.
   */
  public static final String TEST_PROFILE = "direct";

  private LauncherRuns() {}

  /** What a run exited with and printed on stderr. */
  public record Outcome(int exitCode, String stderr) {}

  /** What a command exited with and printed on stdout and on stderr. */
  public record Printed(int exitCode, String stdout, String stderr) {}

  /** Runs any kappa command, whatever the outcome, keeping both of its outputs. */
  public static Printed attemptPrinting(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new Kappa(
                LocalScripts.repository(),
                TEST_PROFILE,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .execute(List.of(args));
    return new Printed(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs and returns the run summary; fails the test if the run fails. */
  public static String run(String pipeline, Path results, String... args) {
    Outcome outcome = attempt(pipeline, results, args);
    assertEquals(0, outcome.exitCode(), outcome.stderr());
    return outcome.stderr();
  }

  /** One pipeline's part of a job run {@link #together}: its results folder and run options. */
  public record Part(String pipeline, Path results, List<String> args) {
    public Part {
      args = List.copyOf(args);
    }
  }

  /** A part for every registered pipeline, each with {@code args} and results in results/NAME. */
  public static List<Part> everyPipeline(Path results, String... args) {
    return PipelineRegistry.all().stream()
        .map(
            definition ->
                new Part(definition.name(), results.resolve(definition.name()), List.of(args)))
        .toList();
  }

  /**
   * Starts the pipelines of {@code parts} as one job: each is planned, prepared and built as {@code
   * kappa run NAME ARGS} plans, prepares and builds it (its profile, its own edges, its results as
   * JSON lines), all into one Beam pipeline, which runs with the first part's options. A runner's
   * start-up (a mini cluster, a Spark context, a jar sent to a cluster) is most of what a small run
   * costs, and this pays it once instead of once per pipeline; the parts share nothing else, so
   * each computes what it computes alone. Attached, it returns once the job has ended (and fails
   * the test unless it ended DONE); {@code detached}, as soon as it runs.
   */
  public static PipelineResult together(List<Part> parts, boolean detached) {
    Launcher launcher =
        new Launcher(
            new Profiles(LocalScripts.repository().resolve("runners-config"), TEST_PROFILE),
            new PrintStream(OutputStream.nullOutputStream()));
    List<LaunchPlan<?>> plans = new ArrayList<>();
    for (Part part : parts) {
      plans.add(
          launcher.plan(
              KnownPipelines.named(part.pipeline()),
              LaunchArguments.parse(withJsonlResults(new ArrayList<>(part.args()), part.results())),
              detached));
    }
    KappaOptions options = plans.get(0).options();
    // Every part names its steps as it does alone ("ReadRecords", ...); Beam numbers repeats.
    options.setStableUniqueNames(PipelineOptions.CheckEnabled.OFF);
    Pipeline pipeline = Pipeline.create(options);
    plans.forEach(plan -> buildInto(pipeline, plan));
    PipelineResult result = pipeline.run();
    if (!detached) {
      assertEquals(PipelineResult.State.DONE, result.waitUntilFinish(), "the job of " + parts);
    }
    return result;
  }

  private static <O extends KappaOptions> void buildInto(Pipeline pipeline, LaunchPlan<O> plan) {
    plan.definition().build(pipeline, plan.options(), plan.prepare());
  }

  /** Runs any kappa command (produce, reprocess, ...); fails the test unless it exits 0. */
  public static String command(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = kappa(err).execute(List.of(args));
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, stderr);
    return stderr;
  }

  private static List<String> withJsonlResults(List<String> command, Path results) {
    command.add("--sink=jsonl:" + results);
    command.add("--progressSeconds=0");
    return command;
  }

  private static Kappa kappa(ByteArrayOutputStream err) {
    return new Kappa(
        LocalScripts.repository(),
        TEST_PROFILE,
        System.out,
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /** Runs, whatever the outcome. */
  public static Outcome attempt(String pipeline, Path results, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> command = new ArrayList<>(List.of("run", pipeline));
    command.addAll(List.of(args));
    withJsonlResults(command, results);
    int exit = kappa(err).execute(command);
    return new Outcome(exit, err.toString(StandardCharsets.UTF_8));
  }

  /**
   * Runs any kappa command, whatever the outcome; {@code onStart} runs when the launcher says the
   * job starts ("kappa: running ..."): after it has checked the services, before the runner runs.
   */
  public static Outcome attemptCommand(Runnable onStart, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    OutputStream watched =
        new OutputStream() {
          private final ByteArrayOutputStream line = new ByteArrayOutputStream();
          private boolean started;

          @Override
          public void write(int b) {
            err.write(b);
            line.write(b);
            if (b == '\n') {
              if (!started && line.toString(StandardCharsets.UTF_8).startsWith("kappa: running ")) {
                started = true;
                onStart.run();
              }
              line.reset();
            }
          }
        };
    Kappa kappa =
        new Kappa(
            LocalScripts.repository(),
            TEST_PROFILE,
            System.out,
            new PrintStream(watched, true, StandardCharsets.UTF_8));
    int exit = kappa.execute(List.of(args));
    return new Outcome(exit, err.toString(StandardCharsets.UTF_8));
  }
}
