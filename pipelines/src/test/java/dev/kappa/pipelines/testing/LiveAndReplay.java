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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;

/**
 * The Kappa claim as a test: one topic, the same pipelines run live over it and replayed from it as
 * a batch, and the final answers of both equal each other and each pipeline's model. Every
 * pipeline replays in one job and runs live in another ({@link LauncherRuns#together}).
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

  /**
   * Replays the whole topic as a batch with every pipeline of {@code models} in one job; returns
   * each pipeline's final answers by name.
   */
  public Map<String, Map<String, List<String>>> replay(
      List<PipelineModels.Model> models, Path results, String... runnerArgs) {
    List<LauncherRuns.Part> parts = new ArrayList<>();
    for (PipelineModels.Model model : models) {
      parts.add(new LauncherRuns.Part(model.pipeline(), results.resolve(model.pipeline()),
          args("--replay=true", runnerArgs)));
    }
    long start = System.nanoTime();
    LauncherRuns.together(parts, false);
    System.out.printf("replayed %d pipelines as one job in %.1f s%n", parts.size(),
        (System.nanoTime() - start) / 1e9);
    Map<String, Map<String, List<String>>> answers = new TreeMap<>();
    for (PipelineModels.Model model : models) {
      answers.put(model.pipeline(), model.actual().apply(results.resolve(model.pipeline())));
    }
    return answers;
  }

  /** How a live run of several pipelines is laid out on the runner. */
  public enum Jobs {
    /** All pipelines in one job: a runner with a costly start-up (Flink) pays it once. */
    ONE,
    /**
     * A job per pipeline, side by side, each cancelled once it has matched: the DirectRunner's
     * cost per bundle grows with the size of the job's graph (each bundle looks for fired timers
     * in every step and translates its step again), and a live read makes many small bundles.
     */
    ONE_PER_PIPELINE
  }

  /**
   * Runs every pipeline of {@code models} live over the topic, laid out as {@code jobs} says, each
   * with a consumer group of its own, until each pipeline's final answers have equalled its
   * {@code expected} ones or a timeout passes, then cancels the jobs. Returns each pipeline's
   * answers: the matching ones, or for a pipeline that never matched, its last. The answers are
   * read again each time a pipeline writes a results file, not on a clock.
   */
  public Map<String, Map<String, List<String>>> live(
      Map<String, Map<String, List<String>>> expected,
      List<PipelineModels.Model> models,
      Jobs jobs,
      Path results,
      String... runnerArgs)
      throws IOException, InterruptedException {
    Map<Path, PipelineModels.Model> waiting = new HashMap<>();
    Map<Path, PipelineResult> running = new HashMap<>();
    Map<String, Map<String, List<String>>> answers = new TreeMap<>();
    try (WatchService watcher = results.getFileSystem().newWatchService()) {
      List<LauncherRuns.Part> parts = new ArrayList<>();
      for (PipelineModels.Model model : models) {
        Path folder = Files.createDirectories(results.resolve(model.pipeline()));
        folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
        parts.add(new LauncherRuns.Part(model.pipeline(), folder, args(
            "--consumerGroup=test-" + model.pipeline() + "-" + System.nanoTime(), runnerArgs)));
        waiting.put(folder, model);
        answers.put(model.pipeline(), Map.of());
      }
      if (jobs == Jobs.ONE) {
        PipelineResult job = LauncherRuns.together(parts, true);
        parts.forEach(part -> running.put(part.results(), job));
      } else {
        parts.forEach(part ->
            running.put(part.results(), LauncherRuns.together(List.of(part), true)));
      }
      try {
        long deadline = System.nanoTime() + LIVE_TIMEOUT.toNanos();
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
          WatchKey written = watcher.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          if (written == null) {
            continue;
          }
          written.pollEvents();
          written.reset();
          Path folder = (Path) written.watchable();
          PipelineModels.Model model = waiting.get(folder);
          if (model == null) {
            continue;
          }
          Map<String, List<String>> soFar = answersSoFar(model, folder);
          answers.put(model.pipeline(), soFar);
          if (soFar.equals(expected.get(model.pipeline()))) {
            System.out.printf("live %s matched its replay after %.1f s%n", model,
                (System.nanoTime() - deadline + LIVE_TIMEOUT.toNanos()) / 1e9);
            waiting.remove(folder);
            if (jobs == Jobs.ONE_PER_PIPELINE) {
              running.remove(folder).cancel();
            }
          }
        }
      } finally {
        for (PipelineResult job : new java.util.HashSet<>(running.values())) {
          job.cancel();
        }
      }
    }
    return answers;
  }

  private static Map<String, List<String>> answersSoFar(PipelineModels.Model model, Path results) {
    try {
      return model.actual().apply(results);
    } catch (UncheckedIOException e) {
      return Map.of(); // nothing written yet
    }
  }

  private List<String> args(String first, String... runnerArgs) {
    List<String> args = new ArrayList<>(List.of(first, "--source=kafka:" + topic, bootstrapArg()));
    args.addAll(List.of(runnerArgs));
    return args;
  }
}
