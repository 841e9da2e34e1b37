package dev.kappa.launcher.testing;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.LauncherRuns;
import dev.kappa.testing.EventFiles;
import dev.kappa.testing.LocalKafka;
import dev.kappa.testing.PipelineModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.beam.sdk.PipelineResult;

/**
 * The Kappa claim as a test: one topic, the same pipelines run live over it and replayed from it as
 * a batch, and the final answers of both equal each other and each pipeline's model. Every pipeline
 * replays in one job and runs live in another ({@link LauncherRuns#together}).
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
        "produce",
        "--topic=" + topic,
        "--partitions=4",
        "--from=file:" + events,
        "--bootstrapServers=" + bootstrap);
    return new LiveAndReplay(events, topic, bootstrap);
  }

  public Path events() {
    return events;
  }

  public String topic() {
    return topic;
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
      parts.add(
          new LauncherRuns.Part(
              model.pipeline(),
              results.resolve(model.pipeline()),
              args("--replay=true", runnerArgs)));
    }
    long start = System.nanoTime();
    LauncherRuns.together(parts, false);
    System.out.printf(
        "replayed %d pipelines as one job in %.1f s%n",
        parts.size(), (System.nanoTime() - start) / 1e9);
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
     * A job per pipeline, two at a time (one per core), each cancelled once it has matched: a live
     * DirectRunner job keeps a core busy even when it has nothing to read (its driver loop looks
     * for fired timers in every step, over and over; measured here, 0.9 cores while idle), and its
     * cost per bundle grows with the size of its graph, so nine side by side or in one job only
     * slow each other down.
     */
    TWO_AT_A_TIME
  }

  /**
   * Runs every pipeline of {@code models} live over the topic, laid out as {@code jobs} says, each
   * with a consumer group of its own, until each pipeline's final answers have equalled its {@code
   * expected} ones or a timeout passes, then cancels its job. Returns each pipeline's answers: the
   * matching ones, or for a pipeline that never matched, its last. The answers are read again each
   * time a pipeline writes a results file, not on a clock.
   */
  public Map<String, Map<String, List<String>>> live(
      Map<String, Map<String, List<String>>> expected,
      List<PipelineModels.Model> models,
      Jobs jobs,
      Path results,
      String... runnerArgs)
      throws IOException, InterruptedException {
    Map<String, Map<String, List<String>>> answers = new TreeMap<>();
    try (WatchService watcher = results.getFileSystem().newWatchService()) {
      Deque<LiveRun> queued = new ArrayDeque<>();
      for (PipelineModels.Model model : models) {
        Path folder = Files.createDirectories(results.resolve(model.pipeline()));
        folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
        queued.add(
            new LiveRun(
                model,
                new LauncherRuns.Part(
                    model.pipeline(),
                    folder,
                    args(
                        "--consumerGroup=test-" + model.pipeline() + "-" + System.nanoTime(),
                        runnerArgs))));
        answers.put(model.pipeline(), Map.of());
      }
      Map<Path, LiveRun> running = new HashMap<>();
      PipelineResult shared = null;
      try {
        if (jobs == Jobs.ONE) {
          shared =
              LauncherRuns.together(
                  queued.stream().map(LiveRun::part).collect(Collectors.toList()), true);
          while (!queued.isEmpty()) {
            running.put(queued.peek().part().results(), queued.poll().started(shared, false));
          }
        }
        long start = System.nanoTime();
        while (!running.isEmpty() || !queued.isEmpty()) {
          while (running.size() < 2 && !queued.isEmpty()) {
            LiveRun next = queued.poll();
            running.put(
                next.part().results(),
                next.started(LauncherRuns.together(List.of(next.part()), true), true));
          }
          long deadline =
              running.values().stream().mapToLong(LiveRun::deadline).min().orElseThrow();
          WatchKey written = watcher.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          if (written == null) {
            // The oldest run's time is up: its answers are its last.
            running
                .values()
                .removeIf(
                    run -> {
                      boolean late = run.deadline() <= System.nanoTime();
                      if (late) {
                        run.stop();
                      }
                      return late;
                    });
            continue;
          }
          written.pollEvents();
          written.reset();
          LiveRun run = running.get((Path) written.watchable());
          if (run == null) {
            continue;
          }
          Map<String, List<String>> soFar = answersSoFar(run.model(), run.part().results());
          answers.put(run.model().pipeline(), soFar);
          if (soFar.equals(expected.get(run.model().pipeline()))) {
            System.out.printf(
                "live %s matched its replay after %.1f s%n",
                run.model(), (System.nanoTime() - start) / 1e9);
            running.remove(run.part().results()).stop();
          }
        }
      } finally {
        if (shared != null) {
          shared.cancel();
        }
        for (LiveRun run : running.values()) {
          run.stop();
        }
      }
    }
    return answers;
  }

  /**
   * One pipeline's live run: what it runs and, once started, its job, whether the job is its own
   * (not shared with the other pipelines, {@link Jobs#ONE}) and its deadline.
   */
  private record LiveRun(
      PipelineModels.Model model,
      LauncherRuns.Part part,
      PipelineResult job,
      boolean ownJob,
      long deadline) {
    LiveRun(PipelineModels.Model model, LauncherRuns.Part part) {
      this(model, part, null, false, 0);
    }

    LiveRun started(PipelineResult job, boolean ownJob) {
      return new LiveRun(model, part, job, ownJob, System.nanoTime() + LIVE_TIMEOUT.toNanos());
    }

    /** Cancels the run's job if it is its own; a shared job is cancelled once, at the end. */
    void stop() {
      if (ownJob) {
        try {
          job.cancel();
        } catch (IOException e) {
          throw new UncheckedIOException("cancelling the live run of " + model, e);
        }
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

  private List<String> args(String first, String... runnerArgs) {
    List<String> args = new ArrayList<>(List.of(first, "--source=kafka:" + topic, bootstrapArg()));
    args.addAll(List.of(runnerArgs));
    return args;
  }
}
