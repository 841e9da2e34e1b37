package dev.kappa.pipelines.io;

import dev.kappa.model.SourceRecord;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Passes records through and prints, at most every {@code intervalSeconds}, how many this JVM has
 * read and how fast. Runners' metrics are only final after a run ends (and Flink's and Spark's
 * local runs block until then), so the count is kept here, per JVM: the launcher's own JVM on
 * Direct and embedded Flink or Spark, each worker's log on a cluster.
 */
public final class ReportProgress
    extends PTransform<PCollection<SourceRecord>, PCollection<SourceRecord>> {
  private final int intervalSeconds;

  private ReportProgress(int intervalSeconds) {
    this.intervalSeconds = intervalSeconds;
  }

  public static ReportProgress every(int intervalSeconds) {
    if (intervalSeconds <= 0) {
      throw new IllegalArgumentException("progress interval must be > 0 s, got " + intervalSeconds);
    }
    return new ReportProgress(intervalSeconds);
  }

  @Override
  public PCollection<SourceRecord> expand(PCollection<SourceRecord> records) {
    return records.apply("CountForProgress", ParDo.of(new MeterFn(intervalSeconds)));
  }

  private static final class MeterFn extends DoFn<SourceRecord, SourceRecord> {
    private static final long BATCH = 1_000;
    private final int intervalSeconds;

    MeterFn(int intervalSeconds) {
      this.intervalSeconds = intervalSeconds;
    }

    @Setup
    public void setup() {
      Meter.startOnce(intervalSeconds);
    }

    /** Counted here and added to the shared count in batches: workers do not contend for it. */
    private transient long uncounted;

    @ProcessElement
    public void processElement(@Element SourceRecord record, OutputReceiver<SourceRecord> out) {
      if (++uncounted == BATCH) {
        flush();
      }
      out.output(record);
    }

    @FinishBundle
    public void finishBundle() {
      flush();
    }

    private void flush() {
      Meter.READ.addAndGet(uncounted);
      uncounted = 0;
    }
  }

  /** The per-JVM count and the daemon thread that reports it. */
  private static final class Meter {
    static final AtomicLong READ = new AtomicLong();
    private static ScheduledExecutorService reporter;
    private static long lastCount;
    private static long lastNanos;

    static synchronized void startOnce(int intervalSeconds) {
      if (reporter != null) {
        return;
      }
      lastNanos = System.nanoTime();
      reporter =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "kappa-progress");
                thread.setDaemon(true);
                return thread;
              });
      reporter.scheduleAtFixedRate(
          Meter::report, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    private static synchronized void report() {
      long count = READ.get();
      long now = System.nanoTime();
      if (count != lastCount) {
        double perSecond = (count - lastCount) / ((now - lastNanos) / 1e9);
        System.err.printf("progress: %,d records read (%,.0f records/s)%n", count, perSecond);
      }
      lastCount = count;
      lastNanos = now;
    }
  }
}
