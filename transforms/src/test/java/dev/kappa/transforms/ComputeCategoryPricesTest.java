package dev.kappa.transforms;

import static dev.kappa.Fixtures.atSeconds;
import static dev.kappa.Fixtures.auction;
import static dev.kappa.Fixtures.bid;
import static dev.kappa.Fixtures.stamped;
import static dev.kappa.Fixtures.streamOf;

import dev.kappa.model.Event;
import dev.kappa.results.CategoryPrice;
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
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One TestStream per lateness case: 60 s windows over expiry time, early panes after 5 s, 30 s
 * lateness (which is also how long winners wait for late bids). Fixtures' auctions last 60 s, so
 * auctions opened at 0-59 s expire into the window [60, 120).
 */
@ExtendWith(TestPipelineExtension.class)
class ComputeCategoryPricesTest {
  private static final Duration WINDOW = Duration.standardSeconds(60);
  private static final IntervalWindow EXPIRY_WINDOW = new IntervalWindow(atSeconds(60), WINDOW);

  private static PCollection<CategoryPrice> prices(TestPipeline pipeline, TestStream<Event> in) {
    Triggering triggering =
        Triggering.of(
            Duration.standardSeconds(5), Duration.standardSeconds(30), Accumulation.ACCUMULATING);
    return pipeline.apply(in).apply(ComputeCategoryPrices.inFixedWindows(WINDOW, triggering));
  }

  private static TimestampedValue<Event> auctionAt(long id, long second) {
    return TimestampedValue.of(Event.of(auction(id, 1, 10, atSeconds(second))), atSeconds(second));
  }

  private static CategoryPrice expected(
      long closed, double average, PaneInfo.Timing timing, long index, boolean last) {
    PaneInfo pane = PaneInfo.createPane(index == 0, last, timing, index, -1);
    return CategoryPrice.of(10, closed, average, WindowPane.of(EXPIRY_WINDOW, pane));
  }

  @Test
  void onTime_averagesTheWinningBidsOfAuctionsThatClosedInTheWindow(TestPipeline pipeline) {
    TestStream<Event> events =
        streamOf(Event.class)
            .addElements(
                auctionAt(100, 0),
                stamped(bid(100, 400, atSeconds(5))),
                stamped(bid(100, 700, atSeconds(10))))
            .addElements(
                stamped(bid(100, 900, atSeconds(20))),
                auctionAt(101, 5),
                stamped(bid(101, 600, atSeconds(30))))
            .addElements(auctionAt(102, 6), stamped(bid(102, 100, atSeconds(7))))
            .advanceWatermarkToInfinity();

    PAssert.that(prices(pipeline, events))
        .inOnTimePane(EXPIRY_WINDOW)
        .containsInAnyOrder(expected(2, 750.0, PaneInfo.Timing.ON_TIME, 0, true));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void earlyPane_countsTheAuctionsDecidedSoFar(TestPipeline pipeline) {
    TestStream<Event> events =
        streamOf(Event.class)
            .addElements(auctionAt(100, 0), stamped(bid(100, 700, atSeconds(10))))
            .addElements(auctionAt(101, 10), stamped(bid(101, 900, atSeconds(20))))
            // Auction 100 (expires at 60) is decided at 90, auction 101 (expires at 70) at 100.
            .advanceWatermarkTo(atSeconds(95))
            .advanceProcessingTime(Duration.standardSeconds(6))
            .advanceWatermarkToInfinity();

    PCollection<CategoryPrice> out = prices(pipeline, events);

    PAssert.that(out)
        .inEarlyPane(EXPIRY_WINDOW)
        .containsInAnyOrder(expected(1, 700.0, PaneInfo.Timing.EARLY, 0, false));
    PAssert.that(out)
        .inOnTimePane(EXPIRY_WINDOW)
        .containsInAnyOrder(expected(2, 800.0, PaneInfo.Timing.ON_TIME, 1, true));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void lateAuctionWithinLateness_correctsTheWindowInALatePane(TestPipeline pipeline) {
    TestStream<Event> events =
        streamOf(Event.class)
            .addElements(auctionAt(100, 0), stamped(bid(100, 700, atSeconds(10))))
            .advanceWatermarkTo(atSeconds(125))
            .addElements(auctionAt(102, 10), stamped(bid(102, 900, atSeconds(20))))
            .advanceWatermarkTo(atSeconds(140))
            .advanceWatermarkToInfinity();

    PCollection<CategoryPrice> out = prices(pipeline, events);

    PAssert.that(out)
        .inOnTimePane(EXPIRY_WINDOW)
        .containsInAnyOrder(expected(1, 700.0, PaneInfo.Timing.ON_TIME, 0, false));
    PAssert.that(out)
        .inLatePane(EXPIRY_WINDOW)
        .containsInAnyOrder(expected(2, 800.0, PaneInfo.Timing.LATE, 1, false));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void droppablyLateAuction_changesNothing(TestPipeline pipeline) {
    TestStream<Event> events =
        streamOf(Event.class)
            .addElements(auctionAt(100, 0), stamped(bid(100, 700, atSeconds(10))))
            .advanceWatermarkTo(atSeconds(120 + 30 + 10))
            .addElements(auctionAt(102, 10), stamped(bid(102, 900, atSeconds(20))))
            .advanceWatermarkToInfinity();

    PAssert.that(prices(pipeline, events))
        .inWindow(EXPIRY_WINDOW)
        .containsInAnyOrder(expected(1, 700.0, PaneInfo.Timing.ON_TIME, 0, true));
    pipeline.run().waitUntilFinish();
  }
}
