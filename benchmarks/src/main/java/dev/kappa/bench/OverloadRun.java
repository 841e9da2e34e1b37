package dev.kappa.bench;

import dev.kappa.bench.LiveEvents.Phase;
import dev.kappa.bench.WatermarkProbe.Reading;
import dev.kappa.launcher.kafka.KafkaLog;
import dev.kappa.testing.LocalPostgres;
import dev.kappa.testing.LocalScripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;

/**
 * Kappa fed faster than it can process: a live {@code auction-stats} on {@code flink-local},
 * serving PostgreSQL, reading a topic that gets a warm phase at a rate it sustains, then a peak
 * several times what it sustains, then a calm phase. A pull-based Kafka source should turn the
 * excess into lag (records waiting in the log) rather than memory, and drain it when the rate
 * drops; the run records the lag curve and memory all along and checks the served answers of every
 * window the watermark closed against the model, as {@link LiveRun} does.
 */
final class OverloadRun {
  /** Early results as the pipelines ship them: the overload measures capacity, not freshness. */
  static final long EARLY_FIRING_SECONDS = 5;

  private final LiveRun live;
  private final Path work;
  private final Path out;
  private final String bootstrapServers;

  /** Works under {@code work}; the lag curve of each run goes to {@code out} (CSV and PNG). */
  OverloadRun(LiveRun live, Path work, Path out, String bootstrapServers) {
    this.live = live;
    this.work = work;
    this.out = out;
    this.bootstrapServers = bootstrapServers;
  }

  /** The three phases, with Kappa's heap capped at {@code heap}, or as shipped if empty. */
  OverloadMeasurement run(Phase warm, Phase peak, Phase calm, String heap)
      throws IOException, InterruptedException, SQLException {
    String name = "kappa-flink-local-overload-" + peak.rate() + (heap.isEmpty() ? "" : "-" + heap);
    Path dir = work.resolve("overload").resolve(name);
    Bench.deleteRecursively(dir);
    Files.createDirectories(dir);
    String topic = "overload-" + peak.rate() + "-" + System.currentTimeMillis();
    new KafkaLog(bootstrapServers).ensureTopic(topic, 4);
    int metricsPort = LocalScripts.freePort();
    LocalPostgres.Database database = LocalPostgres.createDatabase();
    Process process =
        live.start(
            true,
            topic,
            database.url(),
            dir,
            metricsPort,
            work.resolve("logs").resolve(name + ".log"),
            heap,
            List.of());
    try (WatermarkProbe probe =
        new WatermarkProbe(metricsPort, LiveRun.KAPPA_WINDOW_TASK, process.pid())) {
      long startedBy = System.currentTimeMillis() + LiveRun.START_UP_MS;
      while (!probe.jobRunning() && System.currentTimeMillis() < startedBy && process.isAlive()) {
        Thread.sleep(200);
      }
      if (!probe.jobRunning()) {
        return failed(
            warm,
            peak,
            calm,
            heap,
            process.isAlive() ? "not-started-in-time" : "failed(exit " + process.exitValue() + ")");
      }
      List<Phase> phases = List.of(warm, peak, calm);
      long events = phases.stream().mapToLong(Phase::events).sum();
      // As in LiveRun: encoded first, sent from a moment the encoding will have reached.
      long start = System.currentTimeMillis() + 2_000 + events / 250;
      LiveEvents stream = LiveEvents.phased(phases, start, LiveRun.WINDOW_MS);
      long[] appended = PacedProducer.send(bootstrapServers, topic, stream, start);
      // A run that has not drained its backlog during the calm phase gets two more minutes.
      // No memory sampling meanwhile: the probe reads RSS and heap every 500 ms for the curve.
      LiveRun.awaitWatermarkPast(
          probe, stream, process, () -> {}, System.currentTimeMillis() + 120_000);
      Thread.sleep(LiveRun.SETTLE_MS);
      long peakRssMb = TimedProcess.highWaterMarkKb(process.pid()) / 1024;
      OptionalLong cutoff = probe.asOf(System.currentTimeMillis() - LiveRun.SETTLE_MS);
      Path eventsFile = dir.resolve("events.jsonl");
      stream.writeTo(eventsFile);
      String outcome =
          !process.isAlive()
              ? "failed(exit " + process.exitValue() + ")"
              : cutoff.isEmpty()
                  ? "wrong(no watermark)"
                  : live.checkServed(eventsFile, database, cutoff.getAsLong());
      Curve curve = new Curve(stream, start, probe.readings());
      String curveName = "overload-heap-" + (heap.isEmpty() ? "as-shipped" : heap) + "-lag";
      curve.writeCsv(out.resolve(curveName + ".csv"));
      OverloadChart.write(
          curve.rows, heapLabel(heap), warm, peak, calm, out.resolve(curveName + ".png"));
      long peakStart = start + warm.seconds() * 1000;
      long peakEnd = peakStart + peak.seconds() * 1000;
      long behindAtPeakEnd = curve.at(peakEnd).map(Curve.Row::behind).orElse(-1L);
      long caughtUp = curve.caughtUpAfter(peakEnd);
      return new OverloadMeasurement(
          warm,
          peak,
          calm,
          heapLabel(heap),
          offeredRate(stream, appended, warm.events(), warm.events() + peak.events()),
          curve.max(peakStart, Long.MAX_VALUE, Curve.Row::lagMillis),
          curve.max(peakStart, Long.MAX_VALUE, Curve.Row::behind),
          behindAtPeakEnd,
          caughtUp < 0 ? -1 : caughtUp / 1000,
          caughtUp <= 0 ? -1 : (behindAtPeakEnd + calm.rate() * caughtUp / 1000) * 1000 / caughtUp,
          curve.max(Long.MIN_VALUE, peakStart, r -> r.reading().residentMb()),
          curve.max(peakStart, Long.MAX_VALUE, r -> r.reading().residentMb()),
          curve.max(Long.MIN_VALUE, peakStart, r -> r.reading().heapUsedMb()),
          curve.max(peakStart, Long.MAX_VALUE, r -> r.reading().heapUsedMb()),
          peakRssMb,
          outcome,
          Runtime.getRuntime().availableProcessors(),
          LocalDate.now().toString());
    } finally {
      LiveRun.stop(process);
      database.close();
    }
  }

  /**
   * The rate the broker acknowledged events {@code from} to {@code to} at, read from the latency
   * samples among them: the producer shares the cores with the job and may not reach the peak.
   */
  private static long offeredRate(LiveEvents stream, long[] appended, long from, long to) {
    int first = -1;
    int last = -1;
    for (int s = 0; s < stream.samples; s++) {
      if (stream.sampleEvent[s] >= from && stream.sampleEvent[s] < to && appended[s] > 0) {
        first = first < 0 ? s : first;
        last = s;
      }
    }
    if (first < 0 || appended[last] <= appended[first]) {
      return -1;
    }
    return (stream.sampleEvent[last] - stream.sampleEvent[first])
        * 1000L
        / (appended[last] - appended[first]);
  }

  /** The probe's readings with the records behind at each: due by then, not yet watermarked. */
  static final class Curve {
    record Row(long sinceStartMillis, Reading reading, long behind) {
      long lagMillis() {
        return reading.lagMillis();
      }
    }

    final List<Row> rows = new ArrayList<>();

    Curve(LiveEvents stream, long start, List<Reading> readings) {
      long[] sortedTimes = stream.eventTimes.clone();
      Arrays.sort(sortedTimes);
      for (Reading r : readings) {
        if (r.wallMillis() < start) {
          continue;
        }
        long watermarked = upperBound(sortedTimes, r.watermark());
        long due = stream.dueBy(r.wallMillis() - start);
        rows.add(new Row(r.wallMillis() - start, r, Math.max(0, due - watermarked)));
      }
    }

    /** How many of {@code sorted} are at or before {@code value}. */
    private static int upperBound(long[] sorted, long value) {
      int found = Arrays.binarySearch(sorted, value);
      if (found < 0) {
        return -found - 1;
      }
      while (found + 1 < sorted.length && sorted[found + 1] == value) {
        found++;
      }
      return found + 1;
    }

    /** The reading nearest {@code wallMillis}. */
    Optional<Row> at(long wallMillis) {
      return rows.stream()
          .min(
              (a, b) ->
                  Long.compare(
                      Math.abs(a.reading().wallMillis() - wallMillis),
                      Math.abs(b.reading().wallMillis() - wallMillis)));
    }

    long max(long fromWall, long toWall, ToLongFunction<Row> value) {
      return rows.stream()
          .filter(r -> r.reading().wallMillis() >= fromWall && r.reading().wallMillis() < toWall)
          .mapToLong(value)
          .max()
          .orElse(-1);
    }

    /** Milliseconds from {@code wallMillis} to the first reading back within the bound, or -1. */
    long caughtUpAfter(long wallMillis) {
      return rows.stream()
          .filter(
              r ->
                  r.reading().wallMillis() >= wallMillis
                      && r.lagMillis() <= LiveMeasurement.MAX_LAG_MS)
          .mapToLong(r -> r.reading().wallMillis() - wallMillis)
          .findFirst()
          .orElse(-1);
    }

    void writeCsv(Path file) throws IOException {
      List<String> lines =
          new ArrayList<>(List.of("since_start_ms,watermark_lag_ms,records_behind,heap_mb,rss_mb"));
      for (Row r : rows) {
        lines.add(
            String.format(
                Locale.ROOT,
                "%d,%d,%d,%d,%d",
                r.sinceStartMillis(),
                r.lagMillis(),
                r.behind(),
                r.reading().heapUsedMb(),
                r.reading().residentMb()));
      }
      Files.write(file, lines);
    }
  }

  private static String heapLabel(String heap) {
    return heap.isEmpty() ? "as shipped" : heap;
  }

  private static OverloadMeasurement failed(
      Phase warm, Phase peak, Phase calm, String heap, String outcome) {
    return new OverloadMeasurement(
        warm,
        peak,
        calm,
        heapLabel(heap),
        -1,
        -1,
        -1,
        -1,
        -1,
        -1,
        0,
        0,
        0,
        0,
        0,
        outcome,
        Runtime.getRuntime().availableProcessors(),
        LocalDate.now().toString());
  }
}
