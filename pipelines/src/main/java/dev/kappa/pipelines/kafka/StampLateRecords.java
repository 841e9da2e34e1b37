package dev.kappa.pipelines.kafka;

import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * A partition's event time and watermark as Beam's {@code CustomTimestampPolicyWithLimitedDelay}
 * has them (the payload's {@code dateTime}; the newest one read minus a delay, or, capped at the
 * wall clock, the wall clock minus it when the partition is idle: caught up with the log), with two
 * changes. A record behind the partition's watermark is stamped with the watermark, not with its
 * event time, so no runner drops it unseen: decoding gives it back its event time or, if its
 * windows have expired at that watermark, sends it to the dead letters ({@code DecodeEvents}). And
 * a record without a valid {@code dateTime} (it will be a dead letter) moves nothing: Beam's policy
 * takes its Kafka timestamp instead, and a history produced today would have its watermark jump to
 * today at the first bad record, and everything after it would be too late.
 *
 * <p>The watermark a record is judged by is the highest this partition has reported, or the newest
 * event time read before it minus the delay, whichever is higher: never below what the runner has
 * seen, so a record stamped with its own event time is never late downstream; and, where nothing is
 * idle, a function of the partition's records alone, so the same log gives the same too-late
 * records in every run.
 */
final class StampLateRecords extends TimestampPolicy<byte[], byte[]> {
  private final long delayMillis;
  private final LongSupplier clock;
  // Epoch millis rather than Instants: this runs for every record a live read takes.
  private long newestEventTime;
  private long reported;

  StampLateRecords(Duration delay, Optional<Instant> previousWatermark) {
    this(delay, previousWatermark, System::currentTimeMillis);
  }

  /** With {@code clock} for the wall clock (epoch millis), as tests give it. */
  StampLateRecords(Duration delay, Optional<Instant> previousWatermark, LongSupplier clock) {
    this.clock = clock;
    this.delayMillis = delay.getMillis();
    this.reported = previousWatermark.orElse(BoundedWindow.TIMESTAMP_MIN_VALUE).getMillis();
    this.newestEventTime = reported + delayMillis;
  }

  @Override
  public Instant getTimestampForRecord(
      PartitionContext context, KafkaRecord<byte[], byte[]> record) {
    long watermark = Math.max(reported, Math.min(newestEventTime, clock.getAsLong()) - delayMillis);
    byte[] payload = record.getKV().getValue();
    Long eventTime = payload == null ? null : PayloadEventTime.dateTime(payload);
    if (eventTime == null) {
      return new Instant(watermark);
    }
    newestEventTime = Math.max(newestEventTime, eventTime);
    return new Instant(Math.max(eventTime, watermark));
  }

  /**
   * As Beam's policy: the newest event time minus the delay; the wall clock minus it when that is
   * ahead of the wall clock, or when the partition is idle (caught up, the wall clock past the
   * newest event time plus the delay). A stream trailing the wall clock by more than the delay is
   * "idle" whenever its reader catches up, so its watermark jumps to the wall clock between two
   * records and the records after that are too late (seen: 3,737 of 15,000 records of a stream a
   * minute behind the clock). Waiting for the delay without records before calling a partition idle
   * would need the time of the last record across policy instances, and Beam's splittable Kafka
   * read makes a new policy for every poll.
   */
  @Override
  public Instant getWatermark(PartitionContext context) {
    long now = clock.getAsLong();
    long watermark;
    if (newestEventTime > now) {
      watermark = now - delayMillis;
    } else if (context.getMessageBacklog() == 0
        && context.getBacklogCheckTime().getMillis() - delayMillis > newestEventTime
        && newestEventTime > 0) {
      watermark = context.getBacklogCheckTime().getMillis() - delayMillis;
    } else {
      watermark = newestEventTime - delayMillis;
    }
    reported = Math.max(reported, watermark);
    return new Instant(reported);
  }
}
