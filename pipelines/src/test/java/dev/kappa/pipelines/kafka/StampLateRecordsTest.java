package dev.kappa.pipelines.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaTimestampType;
import org.apache.beam.sdk.io.kafka.TimestampPolicy.PartitionContext;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A partition's records stamped as a live read stamps them: with their event time, or with the
 * partition's watermark when they are behind it. 5 s of delay; event times in January 2026, long
 * before the wall clock.
 */
class StampLateRecordsTest {
  private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration DELAY = Duration.standardSeconds(5);

  /** A partition with records still to read. */
  private static final PartitionContext BUSY =
      new PartitionContext() {
        @Override
        public long getMessageBacklog() {
          return 1_000;
        }

        @Override
        public Instant getBacklogCheckTime() {
          return Instant.now();
        }
      };

  private static KafkaRecord<byte[], byte[]> at(long seconds) {
    return record(
        "{\"type\":\"bid\",\"dateTime\":"
            + BASE.plus(Duration.standardSeconds(seconds)).getMillis()
            + "}");
  }

  /** A record produced now (its Kafka timestamp), whatever its payload says. */
  private static KafkaRecord<byte[], byte[]> record(String payload) {
    return new KafkaRecord<>(
        "bids",
        0,
        0,
        Instant.now().getMillis(),
        KafkaTimestampType.CREATE_TIME,
        null,
        new byte[0],
        payload.getBytes(StandardCharsets.UTF_8));
  }

  private static Instant second(long seconds) {
    return BASE.plus(Duration.standardSeconds(seconds));
  }

  @Test
  void recordsWithinTheDelay_keepTheirEventTime() {
    StampLateRecords policy = new StampLateRecords(DELAY, Optional.empty());

    assertEquals(second(10), policy.getTimestampForRecord(BUSY, at(10)));
    assertEquals(second(6), policy.getTimestampForRecord(BUSY, at(6)));
    assertEquals(second(5), policy.getWatermark(BUSY));
  }

  @Test
  void aRecordBehindTheWatermarkOfTheRecordsBeforeIt_isStampedWithThatWatermark() {
    StampLateRecords policy = new StampLateRecords(DELAY, Optional.empty());
    policy.getTimestampForRecord(BUSY, at(30));

    assertEquals(second(25), policy.getTimestampForRecord(BUSY, at(8)));
    // And a record ahead of the watermark that comes after it moves it on for the next one.
    assertEquals(second(40), policy.getTimestampForRecord(BUSY, at(40)));
    assertEquals(second(35), policy.getTimestampForRecord(BUSY, at(20)));
  }

  /** A wall clock the test moves, and a caught-up partition checked by it. */
  private static final class Clock {
    long now = BASE.plus(Duration.standardDays(300)).getMillis();

    long getNow() {
      return now;
    }

    PartitionContext caughtUp() {
      return new PartitionContext() {
        @Override
        public long getMessageBacklog() {
          return 0;
        }

        @Override
        public Instant getBacklogCheckTime() {
          return new Instant(now);
        }
      };
    }
  }

  @Test
  void anIdlePartition_movesToTheWallClockAndStampsWhatComesBehindIt() {
    Clock clock = new Clock();
    StampLateRecords policy = new StampLateRecords(DELAY, Optional.empty(), clock::getNow);
    policy.getTimestampForRecord(clock.caughtUp(), at(30));
    Instant idle = policy.getWatermark(clock.caughtUp());

    assertEquals(new Instant(clock.now - 5_000), idle);
    assertEquals(idle, policy.getTimestampForRecord(clock.caughtUp(), at(31)));
    assertEquals(idle, policy.getWatermark(BUSY), "the watermark never goes back");
  }

  @Test
  void aRestoredPartition_judgesByTheWatermarkItHadReached() {
    StampLateRecords policy = new StampLateRecords(DELAY, Optional.of(second(100)));

    assertEquals(second(100), policy.getTimestampForRecord(BUSY, at(50)));
  }

  @Test
  void aRecordWithoutAnEventTime_movesNothing() {
    StampLateRecords policy = new StampLateRecords(DELAY, Optional.empty());
    policy.getTimestampForRecord(BUSY, at(30));

    // Stamped with the watermark, not with today's Kafka timestamp, which would make every record
    // after it too late.
    assertEquals(second(25), policy.getTimestampForRecord(BUSY, record("{not json")));
    assertEquals(second(31), policy.getTimestampForRecord(BUSY, at(31)));
    assertEquals(second(26), policy.getWatermark(BUSY));
  }
}
