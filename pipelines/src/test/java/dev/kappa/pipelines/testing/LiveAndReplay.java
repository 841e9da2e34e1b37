package dev.kappa.pipelines.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.LauncherRuns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;

/**
 * The Kappa claim as a test: one topic, the same pipeline run live over it and replayed from it as
 * a batch, and the final answers of both equal each other and the pipeline's model.
 */
public final class LiveAndReplay {
  private static final long LIVE_TIMEOUT_MILLIS = 240_000;

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
   * timeout, showing the last difference), then cancels the run.
   */
  public void assertLiveConvergesTo(
      Map<String, List<String>> expected,
      PipelineModels.Model model,
      Path results,
      String... runnerArgs)
      throws IOException, InterruptedException {
    String group = "--consumerGroup=test-" + model.pipeline() + "-" + System.nanoTime();
    PipelineResult live =
        LauncherRuns.startLive(model.pipeline(), results, args(group, runnerArgs));
    try {
      long deadline = System.currentTimeMillis() + LIVE_TIMEOUT_MILLIS;
      Map<String, List<String>> actual = Map.of();
      while (System.currentTimeMillis() < deadline) {
        actual = answersSoFar(model, results);
        if (actual.equals(expected)) {
          return;
        }
        Thread.sleep(2_000);
      }
      assertEquals(expected, actual, "live answers never matched the replay's");
    } finally {
      live.cancel();
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
