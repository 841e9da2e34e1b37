package dev.kappa.transforms;

import static dev.kappa.Fixtures.atSeconds;
import static dev.kappa.Fixtures.bidAt;
import static dev.kappa.Fixtures.streamOf;

import dev.kappa.model.Bid;
import dev.kappa.results.HotAuction;
import dev.kappa.windowing.Triggering;
import dev.kappa.windowing.Triggering.Accumulation;
import dev.kappa.windowing.WindowPane;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One TestStream per lateness case: 20 s windows sliding every 10 s, early panes after 5 s, 30 s
 * lateness. Bids at seconds 10-19 fall into the windows [0, 20) and [10, 30).
 */
@ExtendWith(TestPipelineExtension.class)
class FindHotAuctionsTest {
  private static final Duration SIZE = Duration.standardSeconds(20);
  private static final Duration PERIOD = Duration.standardSeconds(10);
  private static final IntervalWindow FIRST = new IntervalWindow(atSeconds(0), SIZE);
  private static final IntervalWindow SECOND = new IntervalWindow(atSeconds(10), SIZE);

  private static PCollection<HotAuction> hot(TestPipeline pipeline, TestStream<Bid> bids) {
    Triggering triggering =
        Triggering.of(
            Duration.standardSeconds(5), Duration.standardSeconds(30), Accumulation.ACCUMULATING);
    return pipeline.apply(bids).apply(FindHotAuctions.inSlidingWindows(SIZE, PERIOD, triggering));
  }

  private static HotAuction hot(
      long auction,
      long bids,
      IntervalWindow window,
      PaneInfo.Timing timing,
      long index,
      boolean last) {
    PaneInfo pane = PaneInfo.createPane(index == 0, last, timing, index, -1);
    return HotAuction.of(auction, bids, WindowPane.of(window, pane));
  }

  @Test
  void onTime_reportsTheAuctionsWithTheMostBidsPerSlidingWindow(TestPipeline pipeline) {
    TestStream<Bid> bids =
        streamOf(Bid.class)
            .addElements(
                bidAt(1, 100, 2),
                bidAt(1, 100, 4),
                bidAt(2, 100, 12),
                bidAt(2, 100, 14),
                bidAt(3, 100, 15))
            .advanceWatermarkToInfinity();

    PCollection<HotAuction> out = hot(pipeline, bids);

    // [0, 20): auctions 1 and 2 tie with two bids each; [10, 30): auction 2 alone.
    PAssert.that(out)
        .inOnTimePane(FIRST)
        .containsInAnyOrder(
            hot(1, 2, FIRST, PaneInfo.Timing.ON_TIME, 0, true),
            hot(2, 2, FIRST, PaneInfo.Timing.ON_TIME, 0, true));
    PAssert.that(out)
        .inOnTimePane(SECOND)
        .containsInAnyOrder(hot(2, 2, SECOND, PaneInfo.Timing.ON_TIME, 0, true));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void earlyPane_namesTheLeaderSoFar_andTheOnTimePaneTheFinalOne(TestPipeline pipeline) {
    TestStream<Bid> bids =
        streamOf(Bid.class)
            .addElements(bidAt(1, 100, 2))
            .advanceProcessingTime(Duration.standardSeconds(6))
            .addElements(bidAt(2, 100, 3), bidAt(2, 100, 4))
            .advanceWatermarkToInfinity();

    PCollection<HotAuction> out = hot(pipeline, bids);

    PAssert.that(out)
        .inEarlyPane(FIRST)
        .containsInAnyOrder(hot(1, 1, FIRST, PaneInfo.Timing.EARLY, 0, false));
    PAssert.that(out)
        .inOnTimePane(FIRST)
        .containsInAnyOrder(hot(2, 2, FIRST, PaneInfo.Timing.ON_TIME, 1, true));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void lateBidsWithinLateness_canChangeTheLeader(TestPipeline pipeline) {
    TestStream<Bid> bids =
        streamOf(Bid.class)
            .addElements(bidAt(1, 100, 2), bidAt(2, 100, 3))
            .advanceWatermarkTo(atSeconds(25))
            .addElements(bidAt(2, 100, 5))
            .advanceWatermarkToInfinity();

    PCollection<HotAuction> out = hot(pipeline, bids);

    PAssert.that(out)
        .inOnTimePane(FIRST)
        .containsInAnyOrder(
            hot(1, 1, FIRST, PaneInfo.Timing.ON_TIME, 0, false),
            hot(2, 1, FIRST, PaneInfo.Timing.ON_TIME, 0, false));
    PAssert.that(out)
        .inLatePane(FIRST)
        .containsInAnyOrder(hot(2, 2, FIRST, PaneInfo.Timing.LATE, 1, false));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void droppablyLateBid_changesNothing(TestPipeline pipeline) {
    TestStream<Bid> bids =
        streamOf(Bid.class)
            .addElements(bidAt(1, 100, 2))
            .advanceWatermarkTo(atSeconds(20 + 30 + 1))
            .addElements(bidAt(2, 100, 3), bidAt(2, 100, 4))
            .advanceWatermarkToInfinity();

    PAssert.that(hot(pipeline, bids))
        .inWindow(FIRST)
        .containsInAnyOrder(hot(1, 1, FIRST, PaneInfo.Timing.ON_TIME, 0, true));
    pipeline.run().waitUntilFinish();
  }
}
