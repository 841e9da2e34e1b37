package dev.kappa.pipelines.io;

import dev.kappa.model.SourceRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Holds a source to a rate, so that a backfill (a replay, or a reprocess reading the log from its
 * start) on a shared cluster leaves the cores to the live version: each parallel instance lets at
 * most {@code perInstance} records per second through, sleeping when it is ahead. Chained to the
 * read (Flink), the sleep slows the read itself; a record is delayed, never dropped. An idle
 * instance saves up at most one second's worth, so a quiet spell is not followed by a burst.
 */
public final class ThrottleRecords
    extends PTransform<PCollection<SourceRecord>, PCollection<SourceRecord>> {
  private final double perInstance;

  private ThrottleRecords(double perInstance) {
    this.perInstance = perInstance;
  }

  /** At most {@code perSecond} records per second through each parallel instance. */
  public static ThrottleRecords perInstance(double perSecond) {
    return new ThrottleRecords(perSecond);
  }

  @Override
  public PCollection<SourceRecord> expand(PCollection<SourceRecord> records) {
    if (!(perInstance > 0)) {
      throw new IllegalArgumentException("a throttle needs a rate above 0, got " + perInstance);
    }
    return records.apply("Pace", ParDo.of(new PaceFn(perInstance))).setCoder(records.getCoder());
  }

  /**
   * A token bucket one second deep: how long a record arriving at a given time must wait so that no
   * more than the rate passes, counting from the last record let through.
   */
  static final class Pacer {
    private static final long DEPTH_NANOS = 1_000_000_000L;
    private final long nanosPerRecord;
    private long nextFree;

    Pacer(double perSecond, long startNanos) {
      this.nanosPerRecord = Math.max(1, (long) (1e9 / perSecond));
      this.nextFree = startNanos - DEPTH_NANOS;
    }

    /** The nanoseconds a record arriving at {@code now} waits before it passes. */
    long waitNanos(long now) {
      nextFree = Math.max(nextFree, now - DEPTH_NANOS) + nanosPerRecord;
      return Math.max(0, nextFree - now);
    }
  }

  private static final class PaceFn extends DoFn<SourceRecord, SourceRecord> {
    private final double perSecond;
    private transient Pacer pacer;

    PaceFn(double perSecond) {
      this.perSecond = perSecond;
    }

    @Setup
    public void setup() {
      pacer = new Pacer(perSecond, System.nanoTime());
    }

    @ProcessElement
    public void processElement(@Element SourceRecord record, OutputReceiver<SourceRecord> out)
        throws InterruptedException {
      long wait = pacer.waitNanos(System.nanoTime());
      if (wait > 1_000_000) { // shorter waits add up in the next ones
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      out.output(record);
    }
  }
}
