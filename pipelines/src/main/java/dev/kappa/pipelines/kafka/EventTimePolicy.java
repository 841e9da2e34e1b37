package dev.kappa.pipelines.kafka;

import java.util.Optional;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The event time and watermark of one partition of a live read: event time from the payload; the
 * watermark trails the newest event time read by {@code maxOutOfOrderness}, and once the
 * partition is caught up it advances to the wall clock minus that delay, so a quiet partition
 * does not hold windows open for ever. This is Beam's {@code CustomTimestampPolicyWithLimitedDelay}
 * but for what "caught up" means: a backlog of 0, or a backlog of 1 with no record read for
 * {@link #QUIET} (as the read's backlog check times measure it). Beam's splittable Kafka read (the flink-cluster profile's) reports a caught-up
 * partition as 1 behind (the log end offset minus the offset of the last record read, not the
 * next one), so with Beam's policy its watermark never advanced on a quiet topic and the last
 * windows never got their final pane. Beam's other read reports 0; there a backlog of 1 is one
 * record not read yet, which it reads well within {@link #QUIET}.
 */
final class EventTimePolicy extends TimestampPolicy<byte[], byte[]> {
  /** How long a partition 1 record behind has read nothing before it counts as caught up. */
  static final Duration QUIET = Duration.standardSeconds(1);

  private final SerializableFunction<KafkaRecord<byte[], byte[]>, Instant> eventTime;
  private final Duration maxOutOfOrderness;
  private Instant newestEventTime;
  private Instant lastRead = BoundedWindow.TIMESTAMP_MIN_VALUE;

  EventTimePolicy(
      SerializableFunction<KafkaRecord<byte[], byte[]>, Instant> eventTime,
      Duration maxOutOfOrderness,
      Optional<Instant> previousWatermark) {
    this.eventTime = eventTime;
    this.maxOutOfOrderness = maxOutOfOrderness;
    // After a restore the previous watermark stands for what was read before it.
    this.newestEventTime =
        previousWatermark.orElse(BoundedWindow.TIMESTAMP_MIN_VALUE).plus(maxOutOfOrderness);
  }

  @Override
  public Instant getTimestampForRecord(PartitionContext context, KafkaRecord<byte[], byte[]> record) {
    Instant time = eventTime.apply(record);
    if (time.isAfter(newestEventTime)) {
      newestEventTime = time;
    }
    lastRead = context.getBacklogCheckTime();
    return time;
  }

  @Override
  public Instant getWatermark(PartitionContext context) {
    Instant now = context.getBacklogCheckTime();
    if (newestEventTime.isAfter(now)) { // event times from the future hold no window open
      return now.minus(maxOutOfOrderness);
    }
    Instant idle = now.minus(maxOutOfOrderness);
    if (caughtUp(context) && idle.isAfter(newestEventTime) && newestEventTime.getMillis() > 0) {
      return idle;
    }
    return newestEventTime.minus(maxOutOfOrderness);
  }

  private boolean caughtUp(PartitionContext context) {
    long backlog = context.getMessageBacklog();
    return backlog == 0
        || (backlog == 1 && !lastRead.plus(QUIET).isAfter(context.getBacklogCheckTime()));
  }
}
