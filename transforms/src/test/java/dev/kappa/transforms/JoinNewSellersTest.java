package dev.kappa.transforms;

import static dev.kappa.Fixtures.atSeconds;
import static dev.kappa.Fixtures.auction;
import static dev.kappa.Fixtures.person;
import static dev.kappa.Fixtures.streamOf;

import dev.kappa.model.Event;
import dev.kappa.results.NewSeller;
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

/** One TestStream per lateness case: 10 s windows, early panes after 5 s, 30 s lateness. */
@ExtendWith(TestPipelineExtension.class)
class JoinNewSellersTest {
  private static final Duration WINDOW = Duration.standardSeconds(10);
  private static final IntervalWindow FIRST_WINDOW = new IntervalWindow(atSeconds(0), WINDOW);
  private static final long RESERVE = 500; // Fixtures.auction's reserve

  private static PCollection<NewSeller> join(TestPipeline pipeline, TestStream<Event> events) {
    Triggering triggering =
        Triggering.of(
            Duration.standardSeconds(5), Duration.standardSeconds(30), Accumulation.ACCUMULATING);
    return pipeline.apply(events).apply(JoinNewSellers.inFixedWindows(WINDOW, triggering));
  }

  private static TimestampedValue<Event> personAt(long id, long second) {
    return TimestampedValue.of(Event.of(person(id, "OR", atSeconds(second))), atSeconds(second));
  }

  private static TimestampedValue<Event> auctionAt(long id, long seller, long second) {
    return TimestampedValue.of(
        Event.of(auction(id, seller, 10, atSeconds(second))), atSeconds(second));
  }

  private static NewSeller expected(
      long person, long auction, PaneInfo.Timing timing, long index, boolean last) {
    PaneInfo pane = PaneInfo.createPane(index == 0, last, timing, index, -1);
    return NewSeller.of(person, "Peter Smith", auction, RESERVE, WindowPane.of(FIRST_WINDOW, pane));
  }

  @Test
  void onTime_joinsAPersonWithTheAuctionsTheyOpenedInTheWindow(TestPipeline pipeline) {
    TestStream<Event> events =
        streamOf(Event.class)
            .addElements(personAt(1, 1), auctionAt(100, 1, 2), auctionAt(101, 1, 9))
            .addElements(personAt(2, 3), auctionAt(102, 3, 4), auctionAt(103, 2, 12))
            .advanceWatermarkToInfinity();

    PAssert.that(join(pipeline, events))
        .inOnTimePane(FIRST_WINDOW)
        .containsInAnyOrder(
            expected(1, 100, PaneInfo.Timing.ON_TIME, 0, true),
            expected(1, 101, PaneInfo.Timing.ON_TIME, 0, true));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void earlyPane_joinsWhatHasArrived_andTheOnTimePaneAddsTheRest(TestPipeline pipeline) {
    TestStream<Event> events =
        streamOf(Event.class)
            .addElements(personAt(1, 1), auctionAt(100, 1, 2))
            .advanceProcessingTime(Duration.standardSeconds(6))
            .addElements(auctionAt(101, 1, 9))
            .advanceWatermarkToInfinity();

    PCollection<NewSeller> out = join(pipeline, events);

    PAssert.that(out)
        .inEarlyPane(FIRST_WINDOW)
        .containsInAnyOrder(expected(1, 100, PaneInfo.Timing.EARLY, 0, false));
    PAssert.that(out)
        .inOnTimePane(FIRST_WINDOW)
        .containsInAnyOrder(
            expected(1, 100, PaneInfo.Timing.ON_TIME, 1, true),
            expected(1, 101, PaneInfo.Timing.ON_TIME, 1, true));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void lateAuctionWithinLateness_joinsInALatePane(TestPipeline pipeline) {
    // The on-time pane (index 0) held the person alone and joined nothing.
    TestStream<Event> events =
        streamOf(Event.class)
            .addElements(personAt(1, 1))
            .advanceWatermarkTo(atSeconds(20))
            .addElements(auctionAt(100, 1, 5))
            .advanceWatermarkToInfinity();

    PAssert.that(join(pipeline, events))
        .inLatePane(FIRST_WINDOW)
        .containsInAnyOrder(expected(1, 100, PaneInfo.Timing.LATE, 1, false));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void droppablyLateAuction_joinsNothing(TestPipeline pipeline) {
    TestStream<Event> events =
        streamOf(Event.class)
            .addElements(personAt(1, 1))
            .advanceWatermarkTo(atSeconds(10 + 30 + 1))
            .addElements(auctionAt(100, 1, 5))
            .advanceWatermarkToInfinity();

    PAssert.that(join(pipeline, events)).inWindow(FIRST_WINDOW).empty();
    pipeline.run().waitUntilFinish();
  }
}
