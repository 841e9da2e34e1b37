package dev.kappa.bench;

import dev.kappa.launcher.kafka.KafkaLog;
import dev.kappa.pipelines.kafka.PartitionRange;
import dev.kappa.testing.LocalScripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A backfill beside a live version, on {@code flink-local}: the live {@code auction-stats} (v1)
 * reads a topic at the clock from the end of its history; then a second version reprocesses the
 * topic from its start (the history, then the live tail) in another JVM on the same cores, first as
 * fast as it goes, then held to {@code --maxRecordsPerSecond}. The live version's watermark lag is
 * read all along: before the backfill, during the free one and during the throttled one. Its
 * answers for the windows its watermark closed are checked against the model, as {@link LiveRun}
 * does.
 */
final class BackfillRun {
  /** Seconds of stream before the first phase, and of each phase. */
  static final long WARM_UP_SECONDS = 20;

  static final long PHASE_SECONDS = 40;

  private static final Pattern PROGRESS =
      Pattern.compile("progress: ([0-9,]+) records read \\(([0-9,]+) records/s\\)");

  private final LiveRun live;
  private final Path work;
  private final String bootstrapServers;

  BackfillRun(LiveRun live, Path work, String bootstrapServers) {
    this.live = live;
    this.work = work;
    this.bootstrapServers = bootstrapServers;
  }

  /** Fills a new topic with its history. */
  interface History {
    void produce(String topic) throws IOException, InterruptedException;
  }

  /**
   * The live version at {@code liveRate} events/s over a topic first filled by {@code history},
   * then the backfill free and at {@code throttle} records/s.
   */
  BackfillMeasurement run(long liveRate, long throttle, History history)
      throws IOException, InterruptedException, SQLException {
    String name = "kappa-flink-local-backfill-" + liveRate + "-" + throttle;
    Path dir = work.resolve("backfill").resolve(name);
    Bench.deleteRecursively(dir);
    Files.createDirectories(dir);
    String topic = "backfill-" + liveRate + "-" + System.currentTimeMillis();
    KafkaLog log = new KafkaLog(bootstrapServers);
    log.ensureTopic(topic, 4);
    history.produce(topic);
    List<PartitionRange> historyRanges = log.slice(topic, KafkaLog.RETAINED, "now");
    long historyRecords = historyRanges.stream().mapToLong(PartitionRange::size).sum();

    int livePort = LocalScripts.freePort();
    // The live version has read the history before: its group starts at the history's end.
    commit("bench-" + topic + "-" + livePort, historyRanges);
    Process v1 =
        live.start(
            true,
            topic,
            "jsonl:" + dir.resolve("v1"),
            dir.resolve("v1"),
            livePort,
            logOf(name, "v1"),
            "",
            List.of());
    try (WatermarkProbe probe = new WatermarkProbe(livePort, LiveRun.KAPPA_WINDOW_TASK, v1.pid())) {
      long startedBy = System.currentTimeMillis() + LiveRun.START_UP_MS;
      while (!probe.jobRunning() && System.currentTimeMillis() < startedBy && v1.isAlive()) {
        Thread.sleep(200);
      }
      if (!probe.jobRunning()) {
        return BackfillMeasurement.failed(liveRate, throttle, historyRecords, "v1 not running");
      }
      long streamSeconds = WARM_UP_SECONDS + 3 * PHASE_SECONDS;
      long start = System.currentTimeMillis() + 2_000 + liveRate * streamSeconds / 250;
      LiveEvents events = LiveEvents.of(liveRate, streamSeconds, start, LiveRun.WINDOW_MS);
      CompletableFuture<long[]> sending =
          CompletableFuture.supplyAsync(
              () -> PacedProducer.send(bootstrapServers, topic, events, start));
      long quietFrom = start + WARM_UP_SECONDS * 1000;
      long freeFrom = quietFrom + PHASE_SECONDS * 1000;
      long throttledFrom = freeFrom + PHASE_SECONDS * 1000;
      long end = throttledFrom + PHASE_SECONDS * 1000;

      Phase free = backfill(topic, dir, name, "v2", freeFrom, throttledFrom, List.of(), probe);
      Phase throttled =
          backfill(
              topic,
              dir,
              name,
              "v3",
              throttledFrom,
              end,
              List.of("--maxRecordsPerSecond=" + throttle),
              probe);
      sending.join();
      LiveRun.awaitWatermarkPast(probe, events, v1, () -> {}, System.currentTimeMillis() + 60_000);
      Thread.sleep(LiveRun.SETTLE_MS);
      OptionalLong cutoff = probe.asOf(System.currentTimeMillis() - LiveRun.SETTLE_MS);
      Path eventsFile = dir.resolve("events.jsonl");
      events.writeTo(eventsFile);
      String outcome =
          !v1.isAlive()
              ? "failed(exit " + v1.exitValue() + ")"
              : cutoff.isEmpty()
                  ? "wrong(no watermark)"
                  : live.checkFiles(eventsFile, dir.resolve("v1"), cutoff.getAsLong());
      probe.writeCsv(dir.resolve("watermark.csv"));
      return new BackfillMeasurement(
          liveRate,
          throttle,
          historyRecords,
          lags(probe, quietFrom, freeFrom),
          free,
          throttled,
          outcome,
          Runtime.getRuntime().availableProcessors(),
          LocalDate.now().toString());
    } finally {
      LiveRun.stop(v1);
    }
  }

  /** The live version's lag while nothing else runs, or while a backfill runs. */
  record Lag(long p50Ms, long maxMs) {}

  /** A backfill phase: the live version's lag, and how fast the backfill read. */
  record Phase(Lag live, long backfillRecordsRead, long backfillRecordsPerSecond) {}

  /**
   * Starts a version reading the topic from its start at {@code from} (with {@code more} options),
   * stops it at {@code until}, and returns the live version's lag while the backfill ran (from when
   * its job was running) and what the backfill's progress lines said it read.
   */
  private Phase backfill(
      String topic,
      Path dir,
      String name,
      String version,
      long from,
      long until,
      List<String> more,
      WatermarkProbe liveProbe)
      throws IOException, InterruptedException {
    sleepUntil(from);
    int port = LocalScripts.freePort();
    Path log = logOf(name, version);
    Process backfill =
        live.start(
            true,
            topic,
            "jsonl:" + dir.resolve(version),
            dir.resolve(version),
            port,
            log,
            "",
            Stream.concat(more.stream(), Stream.of("--progressSeconds=5")).toList());
    long running = until;
    try (WatermarkProbe probe =
        new WatermarkProbe(port, LiveRun.KAPPA_WINDOW_TASK, backfill.pid())) {
      while (System.currentTimeMillis() < until) {
        if (running == until && probe.jobRunning()) {
          running = System.currentTimeMillis();
        }
        Thread.sleep(200);
      }
    } finally {
      LiveRun.stop(backfill);
    }
    long[] read = lastProgress(log);
    return new Phase(lags(liveProbe, running, until), read[0], read[1]);
  }

  private static Lag lags(WatermarkProbe probe, long from, long until) {
    long[] lags =
        probe.between(from, until).stream()
            .mapToLong(WatermarkProbe.Reading::lagMillis)
            .sorted()
            .toArray();
    return lags.length == 0
        ? new Lag(-1, -1)
        : new Lag(lags[(lags.length - 1) / 2], lags[lags.length - 1]);
  }

  /** The records read and the rate of the last progress line a run printed; zeros if none. */
  private static long[] lastProgress(Path log) throws IOException {
    Matcher progress = PROGRESS.matcher(Files.readString(log));
    long[] last = {0, 0};
    while (progress.find()) {
      last[0] = Long.parseLong(progress.group(1).replace(",", ""));
      last[1] = Long.parseLong(progress.group(2).replace(",", ""));
    }
    return last;
  }

  /** Commits {@code group}'s offsets at the ends of {@code ranges}. */
  private void commit(String group, List<PartitionRange> ranges) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    ranges.forEach(
        r ->
            offsets.put(
                new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.end())));
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.commitSync(offsets);
    }
  }

  private Path logOf(String name, String version) {
    return work.resolve("logs").resolve(name + "-" + version + ".log");
  }

  private static void sleepUntil(long millis) throws InterruptedException {
    long wait = millis - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }
}
