package dev.kappa.pipelines.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaTimestampType;
import org.apache.beam.sdk.io.kafka.TimestampPolicy.PartitionContext;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A partition's watermark trails its newest event time until it is caught up, then follows the
 * clock: caught up is a backlog of 0 (Beam's unbounded-source read) or of 1 with nothing read for
 * a second (its splittable read, which counts a caught-up partition as 1 behind).
 */
class EventTimePolicyTest {
  private static final Duration DELAY = Duration.standardSeconds(5);
  private static final Instant EVENT = Instant.parse("2026-01-01T00:00:20Z");
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  @Test
  void whileRecordsAreLeft_theWatermarkTrailsTheNewestEventTime() {
    EventTimePolicy policy = readOneRecord();

    assertEquals(EVENT.minus(DELAY), policy.getWatermark(context(2, NOW.plus(60_000))));
  }

  @Test
  void caughtUpWithNothingLeft_theWatermarkFollowsTheClock() {
    EventTimePolicy policy = readOneRecord();

    assertEquals(NOW.minus(DELAY), policy.getWatermark(context(0, NOW)));
  }

  @Test
  void oneBehind_followsTheClockOnlyOnceNothingWasReadForASecond() {
    EventTimePolicy policy = readOneRecord();

    assertEquals(EVENT.minus(DELAY), policy.getWatermark(context(1, NOW.plus(999))));
    Instant quiet = NOW.plus(EventTimePolicy.QUIET);
    assertEquals(quiet.minus(DELAY), policy.getWatermark(context(1, quiet)));
  }

  @Test
  void eventTimesFromTheFuture_holdNoWindowOpen() {
    EventTimePolicy policy = new EventTimePolicy(
        record -> new Instant(record.getTimestamp()), DELAY, Optional.empty());
    policy.getTimestampForRecord(context(0, NOW), record(NOW.plus(3_600_000)));

    assertEquals(NOW.minus(DELAY), policy.getWatermark(context(5, NOW)));
  }

  @Test
  void afterARestore_thePreviousWatermarkStandsForWhatWasRead() {
    EventTimePolicy policy = new EventTimePolicy(
        record -> new Instant(record.getTimestamp()), DELAY, Optional.of(EVENT.minus(DELAY)));

    assertEquals(EVENT.minus(DELAY), policy.getWatermark(context(3, NOW)));
  }

  /** A policy that read one record of event time EVENT at NOW. */
  private static EventTimePolicy readOneRecord() {
    EventTimePolicy policy = new EventTimePolicy(
        record -> new Instant(record.getTimestamp()), DELAY, Optional.empty());
    assertEquals(EVENT, policy.getTimestampForRecord(context(1, NOW), record(EVENT)));
    return policy;
  }

  private static KafkaRecord<byte[], byte[]> record(Instant eventTime) {
    return new KafkaRecord<>("t", 0, 7, eventTime.getMillis(), KafkaTimestampType.CREATE_TIME,
        null, new byte[0], new byte[0]);
  }

  private static PartitionContext context(long backlog, Instant checkTime) {
    return new PartitionContext() {
      @Override
      public long getMessageBacklog() {
        return backlog;
      }

      @Override
      public Instant getBacklogCheckTime() {
        return checkTime;
      }
    };
  }
}
