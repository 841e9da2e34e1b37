package dev.kappa.bench;

import dev.kappa.bench.peers.NativeFlinkLive;
import dev.kappa.launcher.kafka.KafkaLog;
import dev.kappa.testing.LocalPostgres;
import dev.kappa.testing.LocalScripts;
import dev.kappa.testing.Models;
import dev.kappa.testing.Panes;
import dev.kappa.testing.PipelineModels.Model;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * A live {@code auction-stats} on a real topic: the system under test starts reading a new, empty
 * 4-partition topic, then the harness appends the generator's events to it at a wall-clock rate
 * (event time follows the clock), reading the window task's watermark from Flink's Prometheus
 * reporter all along, and the results as they become visible (Kappa's served rows in PostgreSQL,
 * the native job's result files: {@link ServedLatency}). When every event is sent and the watermark
 * has passed the last one, the results of the windows the watermark closed are compared with the
 * model, and the job is stopped.
 */
final class LiveRun {
  /** The events are at most 2 s out of order (the generator's), so both systems bound it so. */
  static final long OUT_OF_ORDERNESS_MS = 2_000;

  static final long WINDOW_MS = 10_000;

  /**
   * The windows judged are those closed by the watermark read this long before the answers are: the
   * results that watermark fired have been written by then, even by a job that is behind.
   */
  static final long SETTLE_MS = 5_000;

  static final long START_UP_MS = 60_000;
  static final String KAPPA_WINDOW_TASK = "ComputeAuctionStats";
  private static final List<String> KEY = List.of("auction");
  private static final List<String> VALUES = List.of("bids", "maxPrice", "totalPrice");

  private final Path home;
  private final Path work;
  private final String classpath;
  private final String bootstrapServers;
  private final Model model;
  private final long warmUpMs;
  private final long earlyFiringSeconds;

  /**
   * Each stream starts with {@code warmUpSeconds} at the same rate that are not judged: Kappa's
   * Kafka read takes 20-25 s on 2 cores to reach 40,000 events/s (JIT, with the broker and the
   * producer on the same cores), native Flink's a few seconds. Both systems fire early results
   * every {@code earlyFiringSeconds} of processing time.
   */
  LiveRun(
      Path home,
      Path work,
      String classpath,
      String bootstrapServers,
      Model model,
      long warmUpSeconds,
      long earlyFiringSeconds) {
    this.home = home;
    this.work = work;
    this.classpath = classpath;
    this.bootstrapServers = bootstrapServers;
    this.model = model;
    this.warmUpMs = warmUpSeconds * 1000;
    this.earlyFiringSeconds = earlyFiringSeconds;
  }

  /** {@code system} ("kappa-flink-local" or "native-flink") at {@code rate} for {@code seconds}. */
  LiveMeasurement run(String system, long rate, long seconds)
      throws IOException, InterruptedException, SQLException {
    String name = String.join("-", system, "live", String.valueOf(rate));
    Path dir = work.resolve("live").resolve(name);
    Bench.deleteRecursively(dir);
    Files.createDirectories(dir);
    String topic = "live-" + system + "-" + rate + "-" + System.currentTimeMillis();
    new KafkaLog(bootstrapServers).ensureTopic(topic, 4);
    int metricsPort = LocalScripts.freePort();
    boolean kappa = system.startsWith("kappa");
    LocalPostgres.Database database = kappa ? LocalPostgres.createDatabase() : null;
    Process process =
        start(
            kappa,
            topic,
            kappa ? database.url() : null,
            dir,
            metricsPort,
            work.resolve("logs").resolve(name + ".log"),
            "",
            List.of());
    try (WatermarkProbe probe =
        new WatermarkProbe(
            metricsPort, kappa ? KAPPA_WINDOW_TASK : NativeFlinkLive.WINDOW_TASK, process.pid())) {
      // A cold start of Kappa's JVM and embedded Flink has taken up to 20 s here.
      long startedBy = System.currentTimeMillis() + START_UP_MS;
      PeakMemory memory = new PeakMemory(process);
      while (!probe.jobRunning() && System.currentTimeMillis() < startedBy && process.isAlive()) {
        memory.sample();
        Thread.sleep(200);
      }
      if (!probe.jobRunning()) {
        return failed(
            system,
            rate,
            seconds,
            process.isAlive() ? "not-started-in-time" : "failed(exit " + process.exitValue() + ")");
      }
      // Encoded once the job is up (so not competing with its start-up), then sent from a moment
      // the encoding will have reached.
      long streamSeconds = warmUpMs / 1000 + seconds;
      long start = System.currentTimeMillis() + 2_000 + rate * streamSeconds / 250;
      LiveEvents events = LiveEvents.of(rate, streamSeconds, start, WINDOW_MS);
      ServedLatency served =
          kappa
              ? ServedLatency.ofDatabase(database.url(), events)
              : ServedLatency.ofFiles(dir.resolve("out"), events);
      long[] appended = PacedProducer.send(bootstrapServers, topic, events, start);
      long sent = System.currentTimeMillis();
      awaitWatermarkPast(
          probe,
          events,
          process,
          memory::sample,
          sent + TimeUnit.SECONDS.toMillis(streamSeconds + 10));
      Thread.sleep(SETTLE_MS);
      memory.sample();
      OptionalLong cutoff = probe.asOf(System.currentTimeMillis() - SETTLE_MS);
      long[] visible = served.visibleTimes();
      probe.writeCsv(dir.resolve("watermark.csv"));
      Path eventsFile = dir.resolve("events.jsonl");
      events.writeTo(eventsFile);
      String outcome =
          !process.isAlive()
              ? "failed(exit " + process.exitValue() + ")"
              : cutoff.isEmpty()
                  ? "wrong(no watermark)"
                  : kappa
                      ? checkServed(eventsFile, database, cutoff.getAsLong())
                      : check(
                          eventsFile,
                          Panes.lastPanes(dir.resolve("out"), KEY, VALUES),
                          cutoff.getAsLong());
      long[] lags =
          probe.between(start + warmUpMs, sent).stream()
              .mapToLong(WatermarkProbe.Reading::lagMillis)
              .sorted()
              .toArray();
      long firstJudged = rate * warmUpMs / 1000;
      long[] latencies = latencies(events, appended, visible, firstJudged);
      int unseen =
          (int)
              IntStream.range(0, visible.length)
                  .filter(s -> events.sampleEvent[s] >= firstJudged && visible[s] == 0)
                  .count();
      return new LiveMeasurement(
          system,
          rate,
          seconds,
          percentile(lags, 50),
          lags.length == 0 ? -1 : lags[lags.length - 1],
          percentile(latencies, 50),
          percentile(latencies, 99),
          latencies.length,
          unseen,
          memory.peakMb(),
          outcome,
          Runtime.getRuntime().availableProcessors(),
          LocalDate.now().toString());
    } finally {
      stop(process);
      if (database != null) {
        database.close();
      }
    }
  }

  /**
   * Kappa reading {@code topic} on {@code flink-local} from the earliest offset (a consumer group
   * of its own) and writing {@code kappaSink} (a {@code --sink} value), or the native job writing
   * {@code dir/out}; with Flink's Prometheus reporter on {@code metricsPort}; Kappa's heap capped
   * at {@code heap} ({@code -Xmx} syntax), or as {@code bin/kappa} sets it if empty; {@code more}
   * options for Kappa after its own (so they win).
   */
  Process start(
      boolean kappa,
      String topic,
      String kappaSink,
      Path dir,
      int metricsPort,
      Path log,
      String heap,
      List<String> more)
      throws IOException {
    List<String> kappaCommand =
        new ArrayList<>(
            List.of(
                home.resolve("bin/kappa").toString(),
                "run",
                "auction-stats",
                "--env=flink-local",
                "--source=kafka:" + topic,
                "--bootstrapServers=" + bootstrapServers,
                "--sink=" + kappaSink,
                "--consumerGroup=bench-" + topic + "-" + metricsPort,
                "--maxOutOfOrdernessSeconds=" + OUT_OF_ORDERNESS_MS / 1000,
                "--progressSeconds=0",
                "--earlyFiringSeconds=" + earlyFiringSeconds));
    kappaCommand.addAll(more);
    ProcessBuilder builder =
        new ProcessBuilder(
            kappa
                ? kappaCommand
                : List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dkappa.log.level=WARN",
                    "-cp",
                    classpath,
                    NativeFlinkLive.class.getName(),
                    bootstrapServers,
                    topic,
                    dir.resolve("out").toString(),
                    String.valueOf(OUT_OF_ORDERNESS_MS),
                    String.valueOf(earlyFiringSeconds * 1000)));
    builder
        .environment()
        .put("FLINK_CONF_DIR", writeFlinkConf(dir.resolve("flink-conf"), metricsPort).toString());
    builder.environment().put("KAPPA_SKIP_BUILD", "1");
    if (!heap.isEmpty()) {
      // After bin/kappa's own -Xmx on the command line, so this one counts.
      builder.environment().put("KAPPA_JAVA_OPTS", "-Xmx" + heap);
    }
    Files.createDirectories(log.getParent());
    return builder
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }

  /**
   * Waits until the window task's watermark has passed the newest event, or {@code deadline}: a run
   * that is behind gets as long again as the stream to drain; the windows its watermark closed are
   * then checked, and its lag says it was behind. Kappa's watermark moves on with the clock after
   * the stream; Flink's stays at the newest event of the slowest partition less the bound, a little
   * before the newest event of all. {@code everyPoll} runs on each poll (a memory sample, say).
   */
  static void awaitWatermarkPast(
      WatermarkProbe probe, LiveEvents events, Process process, Runnable everyPoll, long deadline)
      throws InterruptedException {
    awaitWatermarkPast(
        probe, Arrays.stream(events.eventTimes).max().orElse(0), process, everyPoll, deadline);
  }

  /** The same for a newest event time given (a topic filled before the job started). */
  static void awaitWatermarkPast(
      WatermarkProbe probe, long newest, Process process, Runnable everyPoll, long deadline)
      throws InterruptedException {
    while (probe.latest().orElse(0) < caughtUpAt(newest)
        && System.currentTimeMillis() < deadline
        && process.isAlive()) {
      everyPoll.run();
      Thread.sleep(200);
    }
  }

  /** The watermark that has passed the newest event: it trails the newest by the bound. */
  static long caughtUpAt(long newest) {
    return newest - OUT_OF_ORDERNESS_MS - 1_000;
  }

  /** The highest resident memory a process has had, read from {@code /proc} while waiting. */
  static final class PeakMemory {
    private final Process process;
    private long peakKb;

    PeakMemory(Process process) {
      this.process = process;
    }

    void sample() {
      peakKb = Math.max(peakKb, TimedProcess.highWaterMarkKb(process.pid()));
    }

    long peakMb() {
      return peakKb / 1024;
    }
  }

  /**
   * "correct" if the windows the watermark closed ({@code end <= cutoff}) hold the model's answers,
   * else how many differ.
   */
  private String check(Path eventsFile, Map<String, List<String>> actual, long cutoff) {
    return compareClosed(model.expected().apply(eventsFile), actual, cutoff);
  }

  private static String compareClosed(
      Map<String, List<String>> expected, Map<String, List<String>> actual, long cutoff) {
    Map<String, List<String>> closedExpected = closed(expected, cutoff);
    if (closedExpected.isEmpty()) {
      return "wrong(no window closed)";
    }
    return Bench.compare(closedExpected, closed(actual, cutoff), "closed windows");
  }

  private static Map<String, List<String>> closed(Map<String, List<String>> answers, long cutoff) {
    Map<String, List<String>> closed = new TreeMap<>();
    answers.forEach(
        (group, values) -> {
          long end = Long.parseLong(group.substring(group.lastIndexOf('-') + 1));
          if (end <= cutoff) {
            closed.put(group, values);
          }
        });
    return closed;
  }

  /**
   * The served table against the model for the windows its watermark closed and whose on-time rows
   * it has begun to write. A job that is behind writes what its watermark fired well after it fired
   * it, over several bundles and from two subtasks, so a difference is read again every 5 s for up
   * to a minute: a pane still on its way arrives, a wrong answer stays wrong.
   */
  String checkServed(Path eventsFile, LocalPostgres.Database database, long cutoff)
      throws SQLException, InterruptedException {
    Map<String, List<String>> expected = model.expected().apply(eventsFile);
    return untilCorrect(
        () -> {
          String newest =
              database
                  .rows(
                      "SELECT COALESCE(max(window_end), 0) FROM auction_stats WHERE timing = 'ON_TIME'")
                  .get(0);
          return compareClosed(
              expected, servedAnswers(database), Math.min(cutoff, Long.parseLong(newest)));
        });
  }

  /**
   * The windows the watermark closed, from JSON lines result files in {@code out}, against the
   * model, read again as {@link #checkServed} does: Kappa's live file sink writes what fired every
   * 5 s.
   */
  String checkFiles(Path eventsFile, Path out, long cutoff)
      throws SQLException, InterruptedException {
    Map<String, List<String>> expected = model.expected().apply(eventsFile);
    return untilCorrect(
        () ->
            Files.isDirectory(out)
                ? compareClosed(expected, Panes.lastPanes(out, KEY, VALUES), cutoff)
                : "wrong(no results)");
  }

  /** A check's outcome, or "correct" once it is: for a minute, every 5 s. */
  private interface Check {
    String outcome() throws SQLException;
  }

  private static String untilCorrect(Check check) throws SQLException, InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      String outcome = check.outcome();
      if (outcome.equals("correct") || System.currentTimeMillis() > deadline) {
        return outcome;
      }
      Thread.sleep(5_000);
    }
  }

  /** The served rows, keyed and valued as the model's answers. */
  private static Map<String, List<String>> servedAnswers(LocalPostgres.Database database)
      throws SQLException {
    Map<String, List<String>> answers = new TreeMap<>();
    for (String row :
        database.rows(
            "SELECT auction, window_start, window_end, bids, max_price,"
                + " total_price FROM auction_stats")) {
      String[] v = row.split(" ");
      answers.put(
          Models.group("auction=" + v[0], Long.parseLong(v[1]), Long.parseLong(v[2])),
          List.of("bids=" + v[3] + " maxPrice=" + v[4] + " totalPrice=" + v[5]));
    }
    return answers;
  }

  /** The latencies of the samples sent after the warm-up ({@code firstJudged} events). */
  private static long[] latencies(
      LiveEvents events, long[] appended, long[] visible, long firstJudged) {
    return IntStream.range(0, visible.length)
        .filter(s -> events.sampleEvent[s] >= firstJudged && visible[s] > 0 && appended[s] > 0)
        .mapToLong(s -> Math.max(0, visible[s] - appended[s]))
        .sorted()
        .toArray();
  }

  private static long percentile(long[] sorted, int p) {
    return sorted.length == 0
        ? -1
        : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private static LiveMeasurement failed(String system, long rate, long seconds, String outcome) {
    return new LiveMeasurement(
        system,
        rate,
        seconds,
        -1,
        -1,
        -1,
        -1,
        0,
        0,
        0,
        outcome,
        Runtime.getRuntime().availableProcessors(),
        LocalDate.now().toString());
  }

  /** Flink's Prometheus reporter on {@code port} of 127.0.0.1, for the embedded cluster. */
  private static Path writeFlinkConf(Path dir, int port) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("config.yaml"),
        String.join(
            "\n",
            "metrics.reporter.prom.factory.class: "
                + "org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
            "metrics.reporter.prom.port: " + port,
            ""));
    return dir;
  }

  static void stop(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
  }
}
