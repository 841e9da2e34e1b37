package dev.kappa.pipelines.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.LauncherRuns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;

/**
 * The Kappa claim as a test: one topic, the same pipeline run live over it and replayed from it as
 * a batch, and the final answers of both equal each other and the pipeline's model.
 */
public final class LiveAndReplay {
  private static final Duration LIVE_TIMEOUT = Duration.ofMinutes(4);

  private final Path events;
  private final String topic;
  private final String bootstrapServers;

  private LiveAndReplay(Path events, String topic, String bootstrapServers) {
    this.events = events;
    this.topic = topic;
    this.bootstrapServers = bootstrapServers;
  }

  /** Writes {@code config}'s events to a file and, through {@code kappa produce}, to a topic. */
  public static LiveAndReplay produce(Path dir, GeneratorConfig config, String topic)
      throws IOException {
    Path events = EventFiles.write(dir.resolve("events.jsonl"), config);
    String bootstrap = LocalKafka.bootstrapServers();
    LauncherRuns.command(
        "produce", "--topic=" + topic, "--partitions=4", "--from=file:" + events,
        "--bootstrapServers=" + bootstrap);
    return new LiveAndReplay(events, topic, bootstrap);
  }

  public Path events() {
    return events;
  }

  public String bootstrapArg() {
    return "--bootstrapServers=" + bootstrapServers;
  }

  /** Replays the whole topic as a batch; returns the final answers. */
  public Map<String, List<String>> replay(
      PipelineModels.Model model, Path results, String... runnerArgs) {
    LauncherRuns.run(model.pipeline(), results, args("--replay=true", runnerArgs));
    return model.actual().apply(results);
  }

  /**
   * Runs live over the topic until its final answers equal {@code expected} (fails after a
   * timeout, showing the last difference), then cancels the run. The answers are read again each
   * time the run writes a results file, not on a clock.
   */
  public void assertLiveConvergesTo(
      Map<String, List<String>> expected,
      PipelineModels.Model model,
      Path results,
      String... runnerArgs)
      throws IOException, InterruptedException {
    String group = "--consumerGroup=test-" + model.pipeline() + "-" + System.nanoTime();
    Files.createDirectories(results);
    try (WatchService watcher = results.getFileSystem().newWatchService()) {
      results.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
      PipelineResult live =
          LauncherRuns.startLive(model.pipeline(), results, args(group, runnerArgs));
      try {
        long deadline = System.nanoTime() + LIVE_TIMEOUT.toNanos();
        Map<String, List<String>> actual = answersSoFar(model, results);
        while (!actual.equals(expected) && System.nanoTime() < deadline) {
          WatchKey written = watcher.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          if (written != null) {
            written.pollEvents();
            written.reset();
            actual = answersSoFar(model, results);
          }
        }
        assertEquals(expected, actual, "live answers never matched the replay's");
      } finally {
        live.cancel();
      }
    }
  }

  private static Map<String, List<String>> answersSoFar(PipelineModels.Model model, Path results) {
    try {
      return model.actual().apply(results);
    } catch (UncheckedIOException e) {
      return Map.of(); // nothing written yet
    }
  }

  private String[] args(String first, String... runnerArgs) {
    List<String> args = new ArrayList<>(List.of(first, "--source=kafka:" + topic, bootstrapArg()));
    args.addAll(List.of(runnerArgs));
    return args.toArray(new String[0]);
  }
}
