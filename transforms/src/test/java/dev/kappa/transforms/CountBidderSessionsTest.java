package dev.kappa.transforms;

import static dev.kappa.Fixtures.atSeconds;
import static dev.kappa.Fixtures.bidAt;
import static dev.kappa.Fixtures.streamOf;

import dev.kappa.model.Bid;
import dev.kappa.results.BidderSession;
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

/** One TestStream per lateness case: 10 s session gap, early panes after 5 s, 30 s lateness. */
@ExtendWith(TestPipelineExtension.class)
class CountBidderSessionsTest {
  private static final Duration GAP = Duration.standardSeconds(10);
  private static final long BIDDER = 7; // Fixtures.bid's bidder

  private static PCollection<BidderSession> sessions(TestPipeline pipeline, TestStream<Bid> bids) {
    Triggering triggering =
        Triggering.of(
            Duration.standardSeconds(5), Duration.standardSeconds(30), Accumulation.ACCUMULATING);
    return pipeline.apply(bids).apply(CountBidderSessions.withGap(GAP, triggering));
  }

  /** The session from {@code first} to {@code last} + gap. */
  private static IntervalWindow session(long first, long last) {
    return new IntervalWindow(atSeconds(first), atSeconds(last).plus(GAP));
  }

  private static BidderSession expected(
      long bids, IntervalWindow window, PaneInfo.Timing timing, long index, boolean last) {
    PaneInfo pane = PaneInfo.createPane(index == 0, last, timing, index, -1);
    return BidderSession.of(BIDDER, bids, WindowPane.of(window, pane));
  }

  @Test
  void onTime_bidsWithinTheGapFormOneSession(TestPipeline pipeline) {
    TestStream<Bid> bids =
        streamOf(Bid.class)
            .addElements(bidAt(1, 100, 1), bidAt(1, 100, 5), bidAt(1, 100, 30))
            .advanceWatermarkToInfinity();

    PCollection<BidderSession> out = sessions(pipeline, bids);

    PAssert.that(out)
        .inOnTimePane(session(1, 5))
        .containsInAnyOrder(expected(2, session(1, 5), PaneInfo.Timing.ON_TIME, 0, true));
    PAssert.that(out)
        .inOnTimePane(session(30, 30))
        .containsInAnyOrder(expected(1, session(30, 30), PaneInfo.Timing.ON_TIME, 0, true));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void earlyPane_showsTheSessionSoFar_andTheOnTimePaneTheGrownSession(TestPipeline pipeline) {
    TestStream<Bid> bids =
        streamOf(Bid.class)
            .addElements(bidAt(1, 100, 1))
            .advanceProcessingTime(Duration.standardSeconds(6))
            .addElements(bidAt(1, 100, 3))
            .advanceWatermarkToInfinity();

    PCollection<BidderSession> out = sessions(pipeline, bids);

    PAssert.that(out)
        .inEarlyPane(session(1, 1))
        .containsInAnyOrder(expected(1, session(1, 1), PaneInfo.Timing.EARLY, 0, false));
    PAssert.that(out)
        .inOnTimePane(session(1, 3))
        // A grown session is a new window: its pane index starts again at 0.
        .containsInAnyOrder(expected(2, session(1, 3), PaneInfo.Timing.ON_TIME, 0, true));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void lateBidWithinLateness_mergesTwoClosedSessionsIntoOne(TestPipeline pipeline) {
    TestStream<Bid> bids =
        streamOf(Bid.class)
            .addElements(bidAt(1, 100, 1), bidAt(1, 100, 15))
            .advanceWatermarkTo(atSeconds(30))
            .addElements(bidAt(1, 100, 8))
            .advanceWatermarkToInfinity();

    PCollection<BidderSession> out = sessions(pipeline, bids);

    PAssert.that(out)
        .inOnTimePane(session(1, 1))
        .containsInAnyOrder(expected(1, session(1, 1), PaneInfo.Timing.ON_TIME, 0, false));
    PAssert.that(out)
        .inOnTimePane(session(15, 15))
        .containsInAnyOrder(expected(1, session(15, 15), PaneInfo.Timing.ON_TIME, 0, false));
    PAssert.that(out)
        .inLatePane(session(1, 15))
        .containsInAnyOrder(expected(3, session(1, 15), PaneInfo.Timing.LATE, 0, false));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void droppablyLateBid_changesNothing(TestPipeline pipeline) {
    TestStream<Bid> bids =
        streamOf(Bid.class)
            .addElements(bidAt(1, 100, 1))
            // Droppable: the bid's own session [5, 15) ended more than 30 s before the watermark.
            .advanceWatermarkTo(atSeconds(15 + 30 + 1))
            .addElements(bidAt(1, 100, 5))
            .advanceWatermarkToInfinity();

    PAssert.that(sessions(pipeline, bids))
        .inWindow(session(1, 1))
        .containsInAnyOrder(expected(1, session(1, 1), PaneInfo.Timing.ON_TIME, 0, true));
    pipeline.run().waitUntilFinish();
  }
}
