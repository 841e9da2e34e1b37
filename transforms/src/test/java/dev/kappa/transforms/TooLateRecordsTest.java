package dev.kappa.transforms;

import static dev.kappa.Fixtures.atSeconds;
import static dev.kappa.Fixtures.bid;
import static dev.kappa.Fixtures.streamOf;

import dev.kappa.codec.EventJson;
import dev.kappa.model.DeadLetter;
import dev.kappa.model.Event;
import dev.kappa.model.SourceRecord;
import dev.kappa.results.AuctionStats;
import dev.kappa.windowing.Lateness;
import dev.kappa.windowing.Triggering;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records read live behind their partition's watermark arrive stamped with that watermark (as
 * {@code ReadKafkaLive} stamps them). Decoding gives one back its event time when its window is
 * still open, so it updates the window in a late pane; when its window expired at that watermark,
 * it is a dead letter naming the window, and no pane changes. 10 s windows, 30 s of lateness.
 */
@ExtendWith(TestPipelineExtension.class)
class TooLateRecordsTest {
  private static final Duration WINDOW = Duration.standardSeconds(10);
  private static final Triggering TRIGGERING =
      Triggering.of(
          Duration.ZERO, Duration.standardSeconds(30), Triggering.Accumulation.ACCUMULATING);
  private static final IntervalWindow FIRST_WINDOW = new IntervalWindow(atSeconds(0), WINDOW);

  private static SourceRecord bidRecord(long offset, long price, long second) {
    return SourceRecord.of(
        "kafka:bids/0@" + offset, EventJson.encode(Event.of(bid(1, price, atSeconds(second)))));
  }

  /** A record read when its partition's watermark was at {@code watermark}, stamped with it. */
  private static TimestampedValue<SourceRecord> readAt(SourceRecord record, Instant watermark) {
    return TimestampedValue.of(record, watermark);
  }

  private static PCollectionTuple decode(TestPipeline pipeline, TestStream<SourceRecord> records) {
    return pipeline
        .apply(records)
        .apply(
            DecodeEvents.fromJson(
                Lateness.of(FixedWindows.of(WINDOW), TRIGGERING, Event.Type.BID)));
  }

  private static PCollection<AuctionStats> stats(PCollectionTuple decoded) {
    return decoded
        .get(DecodeEvents.EVENTS)
        .apply(SelectEvents.bids())
        .apply(ComputeAuctionStats.inFixedWindows(WINDOW, TRIGGERING));
  }

  private static AuctionStats pane(
      long bids, long max, long total, String timing, long index, boolean last) {
    return AuctionStats.create(
        1,
        bids,
        max,
        total,
        FIRST_WINDOW.start().getMillis(),
        FIRST_WINDOW.end().getMillis(),
        timing,
        index,
        last);
  }

  @Test
  void aRecordJustInsideTheLateness_getsItsEventTimeBackAndFiresALatePane(TestPipeline pipeline) {
    // The window [0, 10) expires once the watermark passes 9.999 s + 30 s.
    Instant watermark = atSeconds(39);
    TestStream<SourceRecord> records =
        streamOf(SourceRecord.class)
            .addElements(TimestampedValue.of(bidRecord(0, 100, 1), atSeconds(1)))
            .advanceWatermarkTo(watermark)
            .addElements(readAt(bidRecord(1, 900, 8), watermark))
            .advanceWatermarkToInfinity();

    PCollectionTuple decoded = decode(pipeline, records);
    PCollection<AuctionStats> out = stats(decoded);

    PAssert.that(out)
        .inOnTimePane(FIRST_WINDOW)
        .containsInAnyOrder(pane(1, 100, 100, "ON_TIME", 0, false));
    PAssert.that(out)
        .inLatePane(FIRST_WINDOW)
        .containsInAnyOrder(pane(2, 900, 1000, "LATE", 1, false));
    PAssert.that(decoded.get(DecodeEvents.DEAD_LETTERS)).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void aRecordJustOutsideTheLateness_isATooLateDeadLetterAndNoPane(TestPipeline pipeline) {
    Instant watermark = atSeconds(40);
    SourceRecord tooLate = bidRecord(1, 900, 8);
    TestStream<SourceRecord> records =
        streamOf(SourceRecord.class)
            .addElements(TimestampedValue.of(bidRecord(0, 100, 1), atSeconds(1)))
            .advanceWatermarkTo(watermark)
            .addElements(readAt(tooLate, watermark))
            .advanceWatermarkToInfinity();

    PCollectionTuple decoded = decode(pipeline, records);
    PCollection<AuctionStats> out = stats(decoded);

    // The watermark passed the window's end plus the lateness at once: the on-time pane is last.
    PAssert.that(out)
        .inOnTimePane(FIRST_WINDOW)
        .containsInAnyOrder(pane(1, 100, 100, "ON_TIME", 0, true));
    PAssert.that(out).inLatePane(FIRST_WINDOW).empty();
    PAssert.that(decoded.get(DecodeEvents.DEAD_LETTERS))
        .containsInAnyOrder(
            DeadLetter.of(
                tooLate,
                "too late: event time "
                    + atSeconds(8)
                    + ", window ["
                    + FIRST_WINDOW.start()
                    + ", "
                    + FIRST_WINDOW.end()
                    + ") expired at watermark "
                    + watermark
                    + " (allowed lateness 30 s)",
                DecodeEvents.TOO_LATE_STAGE));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void anEarlyRecordAndAnOnTimeOne_areDecodedAsBefore(TestPipeline pipeline) {
    TestStream<SourceRecord> records =
        streamOf(SourceRecord.class)
            .addElements(
                TimestampedValue.of(bidRecord(0, 100, 1), atSeconds(1)),
                TimestampedValue.of(bidRecord(1, 300, 4), atSeconds(4)))
            .advanceWatermarkToInfinity();

    PCollectionTuple decoded = decode(pipeline, records);

    PAssert.that(stats(decoded))
        .inOnTimePane(FIRST_WINDOW)
        .containsInAnyOrder(pane(2, 300, 400, "ON_TIME", 0, true));
    PAssert.that(decoded.get(DecodeEvents.DEAD_LETTERS)).empty();
    pipeline.run().waitUntilFinish();
  }
}
