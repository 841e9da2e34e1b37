package dev.kappa.transforms;

import static dev.kappa.Fixtures.atSeconds;
import static dev.kappa.Fixtures.bid;
import static dev.kappa.Fixtures.bidAt;
import static dev.kappa.Fixtures.streamOf;

import dev.kappa.model.Bid;
import dev.kappa.results.HighestBid;
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

/** One TestStream per lateness case: 10 s windows, early panes after 5 s, 30 s lateness. */
@ExtendWith(TestPipelineExtension.class)
class FindHighestBidsTest {
  private static final Duration WINDOW = Duration.standardSeconds(10);
  private static final IntervalWindow FIRST_WINDOW = new IntervalWindow(atSeconds(0), WINDOW);

  private static PCollection<HighestBid> highest(TestPipeline pipeline, TestStream<Bid> bids) {
    Triggering triggering =
        Triggering.of(
            Duration.standardSeconds(5), Duration.standardSeconds(30), Accumulation.ACCUMULATING);
    return pipeline.apply(bids).apply(FindHighestBids.inFixedWindows(WINDOW, triggering));
  }

  private static HighestBid expected(
      long auction, long price, long second, PaneInfo.Timing timing, long index, boolean last) {
    PaneInfo pane = PaneInfo.createPane(index == 0, last, timing, index, -1);
    return HighestBid.of(bid(auction, price, atSeconds(second)), WindowPane.of(FIRST_WINDOW, pane));
  }

  @Test
  void onTime_reportsEveryBidThatTiesForTheTopPrice(TestPipeline pipeline) {
    TestStream<Bid> bids =
        streamOf(Bid.class)
            .addElements(bidAt(1, 500, 1), bidAt(2, 900, 3), bidAt(3, 900, 7))
            .advanceWatermarkToInfinity();

    PAssert.that(highest(pipeline, bids))
        .inOnTimePane(FIRST_WINDOW)
        .containsInAnyOrder(
            expected(2, 900, 3, PaneInfo.Timing.ON_TIME, 0, true),
            expected(3, 900, 7, PaneInfo.Timing.ON_TIME, 0, true));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void earlyPane_showsTheTopSoFar_andTheOnTimePaneReplacesIt(TestPipeline pipeline) {
    TestStream<Bid> bids =
        streamOf(Bid.class)
            .addElements(bidAt(1, 500, 1))
            .advanceProcessingTime(Duration.standardSeconds(6))
            .addElements(bidAt(2, 900, 3))
            .advanceWatermarkToInfinity();

    PCollection<HighestBid> out = highest(pipeline, bids);

    PAssert.that(out)
        .inEarlyPane(FIRST_WINDOW)
        .containsInAnyOrder(expected(1, 500, 1, PaneInfo.Timing.EARLY, 0, false));
    PAssert.that(out)
        .inOnTimePane(FIRST_WINDOW)
        .containsInAnyOrder(expected(2, 900, 3, PaneInfo.Timing.ON_TIME, 1, true));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void lateBidWithinLateness_thatOutbidsTheTop_firesALatePane(TestPipeline pipeline) {
    TestStream<Bid> bids =
        streamOf(Bid.class)
            .addElements(bidAt(1, 500, 1))
            .advanceWatermarkTo(atSeconds(20))
            .addElements(bidAt(4, 700, 9))
            .advanceWatermarkToInfinity();

    PCollection<HighestBid> out = highest(pipeline, bids);

    PAssert.that(out)
        .inOnTimePane(FIRST_WINDOW)
        .containsInAnyOrder(expected(1, 500, 1, PaneInfo.Timing.ON_TIME, 0, false));
    PAssert.that(out)
        .inLatePane(FIRST_WINDOW)
        .containsInAnyOrder(expected(4, 700, 9, PaneInfo.Timing.LATE, 1, false));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void droppablyLateBid_changesNothing(TestPipeline pipeline) {
    TestStream<Bid> bids =
        streamOf(Bid.class)
            .addElements(bidAt(1, 500, 1))
            .advanceWatermarkTo(atSeconds(10 + 30 + 1))
            .addElements(bidAt(4, 700, 9))
            .advanceWatermarkToInfinity();

    PAssert.that(highest(pipeline, bids))
        .inWindow(FIRST_WINDOW)
        .containsInAnyOrder(expected(1, 500, 1, PaneInfo.Timing.ON_TIME, 0, true));
    pipeline.run().waitUntilFinish();
  }
}
