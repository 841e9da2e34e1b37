package dev.kappa.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;

/**
 * Runs a pipeline as {@code kappa run NAME ...} in this JVM, with its results as JSON lines in
 * {@code results}: the way a user runs it, so every pipeline is tested through one path.
 */
public final class LauncherRuns {
  /**
   * Runs without {@code --env} use the DirectRunner, as the unit tests always have: it checks
   * that elements are not mutated and that coders round-trip. The CLI's default is embedded Flink.
   */
  public static final String TEST_PROFILE = "direct";

  private LauncherRuns() {}

  /** The repository root: the nearest folder above the working directory with runners-config. */
  public static Path repository() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(dir.resolve("runners-config"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  /** What a run exited with and printed on stderr. */
  public record Outcome(int exitCode, String stderr) {}

  /** What a command exited with and printed on stdout and on stderr. */
  public record Printed(int exitCode, String stdout, String stderr) {}

  /** Runs any kappa command, whatever the outcome, keeping both of its outputs. */
  public static Printed attemptPrinting(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = new Kappa(repository(), TEST_PROFILE,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).execute(List.of(args));
    return new Printed(exit, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  /** Runs and returns the run summary; fails the test if the run fails. */
  public static String run(String pipeline, Path results, String... args) {
    Outcome outcome = attempt(pipeline, results, args);
    assertEquals(0, outcome.exitCode(), outcome.stderr());
    return outcome.stderr();
  }

  /**
   * Starts a live run and returns as soon as it is running (detached), for a test that watches its
   * results and then cancels it.
   */
  public static PipelineResult startLive(String pipeline, Path results, String... args) {
    List<String> command = withJsonlResults(new ArrayList<>(List.of(args)), results);
    return kappa(new ByteArrayOutputStream())
        .launch(PipelineRegistry.byName(pipeline), command, true)
        .result();
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
        repository(), TEST_PROFILE, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
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
    OutputStream watched = new OutputStream() {
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
    Kappa kappa = new Kappa(repository(), TEST_PROFILE, System.out,
        new PrintStream(watched, true, StandardCharsets.UTF_8));
    int exit = kappa.execute(List.of(args));
    return new Outcome(exit, err.toString(StandardCharsets.UTF_8));
  }
}
