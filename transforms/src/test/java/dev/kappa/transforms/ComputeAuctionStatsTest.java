package dev.kappa.transforms;

import static dev.kappa.Fixtures.atSeconds;
import static dev.kappa.Fixtures.bidAt;
import static dev.kappa.Fixtures.streamOf;

import dev.kappa.model.Bid;
import dev.kappa.results.AuctionStats;
import dev.kappa.windowing.Triggering;
import dev.kappa.windowing.Triggering.Accumulation;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One TestStream per lateness case, as in Beam's LeaderBoardTest: 10-second windows, early panes
 * after 5 s of processing time, 30 s of allowed lateness.
 */
@ExtendWith(TestPipelineExtension.class)
class ComputeAuctionStatsTest {
  private static final Duration WINDOW = Duration.standardSeconds(10);
  private static final IntervalWindow FIRST_WINDOW = new IntervalWindow(atSeconds(0), WINDOW);
  private static final long START = FIRST_WINDOW.start().getMillis();
  private static final long END = FIRST_WINDOW.end().getMillis();

  private static PCollection<AuctionStats> stats(
      TestPipeline pipeline, TestStream<Bid> bids, Accumulation accumulation) {
    Triggering triggering =
        Triggering.of(Duration.standardSeconds(5), Duration.standardSeconds(30), accumulation);
    return pipeline.apply(bids).apply(ComputeAuctionStats.inFixedWindows(WINDOW, triggering));
  }

  private static AuctionStats expected(
      long auction, long bids, long max, long total, String timing, long pane, boolean last) {
    return AuctionStats.create(auction, bids, max, total, START, END, timing, pane, last);
  }

  @Test
  void onTimeBids_areSummarizedPerAuctionWhenTheWatermarkPasses(TestPipeline pipeline) {
    TestStream<Bid> bids =
        streamOf(Bid.class)
            .addElements(bidAt(1, 100, 1), bidAt(1, 300, 4), bidAt(2, 50, 9))
            .advanceWatermarkToInfinity();

    PCollection<AuctionStats> out = stats(pipeline, bids, Accumulation.ACCUMULATING);

    PAssert.that(out)
        .inOnTimePane(FIRST_WINDOW)
        .containsInAnyOrder(
            expected(1, 2, 300, 400, "ON_TIME", 0, true),
            expected(2, 1, 50, 50, "ON_TIME", 0, true));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void earlyPane_isSpeculativeAndTheOnTimePaneAccumulates(TestPipeline pipeline) {
    TestStream<Bid> bids =
        streamOf(Bid.class)
            .addElements(bidAt(1, 100, 1))
            .advanceProcessingTime(Duration.standardSeconds(6))
            .addElements(bidAt(1, 300, 4))
            .advanceWatermarkToInfinity();

    PCollection<AuctionStats> out = stats(pipeline, bids, Accumulation.ACCUMULATING);

    PAssert.that(out)
        .inEarlyPane(FIRST_WINDOW)
        .containsInAnyOrder(expected(1, 1, 100, 100, "EARLY", 0, false));
    PAssert.that(out)
        .inOnTimePane(FIRST_WINDOW)
        .containsInAnyOrder(expected(1, 2, 300, 400, "ON_TIME", 1, true));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void nothingAfterTheLastEarlyPane_noOnTimePaneFollows(TestPipeline pipeline) {
    TestStream<Bid> bids =
        streamOf(Bid.class)
            .addElements(bidAt(1, 100, 1))
            .advanceProcessingTime(Duration.standardSeconds(6))
            .advanceWatermarkToInfinity();

    PCollection<AuctionStats> out = stats(pipeline, bids, Accumulation.ACCUMULATING);

    // FIRE_IF_NON_EMPTY counts what arrived since the last firing, in accumulating mode too: the
    // early pane already holds the final answer, and the serving row keeps its EARLY label.
    PAssert.that(out)
        .inEarlyPane(FIRST_WINDOW)
        .containsInAnyOrder(expected(1, 1, 100, 100, "EARLY", 0, false));
    PAssert.that(out).inOnTimePane(FIRST_WINDOW).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void earlyPane_inDiscardingModeCarriesOnlyNewBids(TestPipeline pipeline) {
    TestStream<Bid> bids =
        streamOf(Bid.class)
            .addElements(bidAt(1, 100, 1))
            .advanceProcessingTime(Duration.standardSeconds(6))
            .addElements(bidAt(1, 300, 4))
            .advanceWatermarkToInfinity();

    PCollection<AuctionStats> out = stats(pipeline, bids, Accumulation.DISCARDING);

    PAssert.that(out)
        .inEarlyPane(FIRST_WINDOW)
        .containsInAnyOrder(expected(1, 1, 100, 100, "EARLY", 0, false));
    PAssert.that(out)
        .inOnTimePane(FIRST_WINDOW)
        .containsInAnyOrder(expected(1, 1, 300, 300, "ON_TIME", 1, true));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void lateBidWithinLateness_firesALatePaneThatCorrectsTheResult(TestPipeline pipeline) {
    TestStream<Bid> bids =
        streamOf(Bid.class)
            .addElements(bidAt(1, 100, 1))
            .advanceWatermarkTo(atSeconds(20))
            .addElements(bidAt(1, 900, 8))
            .advanceWatermarkToInfinity();

    PCollection<AuctionStats> out = stats(pipeline, bids, Accumulation.ACCUMULATING);

    PAssert.that(out)
        .inOnTimePane(FIRST_WINDOW)
        .containsInAnyOrder(expected(1, 1, 100, 100, "ON_TIME", 0, false));
    PAssert.that(out)
        .inLatePane(FIRST_WINDOW)
        .containsInAnyOrder(expected(1, 2, 900, 1000, "LATE", 1, false));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void droppablyLateBid_changesNothing(TestPipeline pipeline) {
    TestStream<Bid> bids =
        streamOf(Bid.class)
            .addElements(bidAt(1, 100, 1))
            // The watermark passes the end of the window plus the allowed lateness at once, so
            // the on-time pane is also the window's last.
            .advanceWatermarkTo(atSeconds(10 + 30 + 1))
            .addElements(bidAt(1, 900, 8))
            .advanceWatermarkToInfinity();

    PCollection<AuctionStats> out = stats(pipeline, bids, Accumulation.ACCUMULATING);

    PAssert.that(out)
        .inWindow(FIRST_WINDOW)
        .containsInAnyOrder(expected(1, 1, 100, 100, "ON_TIME", 0, true));
    pipeline.run().waitUntilFinish();
  }
}
