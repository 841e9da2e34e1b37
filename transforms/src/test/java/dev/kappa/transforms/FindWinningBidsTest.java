package dev.kappa.transforms;

import static dev.kappa.Fixtures.atSeconds;
import static dev.kappa.Fixtures.auction;
import static dev.kappa.Fixtures.bid;
import static dev.kappa.Fixtures.coderOf;
import static dev.kappa.Fixtures.stamped;

import dev.kappa.model.Auction;
import dev.kappa.model.Bid;
import dev.kappa.model.Event;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The winning-bid rules: reserve, the open interval, ties, and bids that beat their auction. */
@ExtendWith(TestPipelineExtension.class)
class FindWinningBidsTest {
  // Fixtures.auction: reserve 500, open from its time for 60 s.
  private static final Auction AUCTION = auction(100, 1, 10, atSeconds(0));

  /** The winners {@code FindWinningBids} finds in {@code events}, bids 30 s late still counting. */
  private static PCollection<KV<Auction, Bid>> winners(
      TestPipeline pipeline, TestStream<Event> events, Duration orphanTtl) {
    return pipeline
        .apply(events)
        .apply(FindWinningBids.waitingForLateBids(Duration.standardSeconds(30), orphanTtl));
  }

  private static Bid bidAt(long price, long second) {
    return bid(100, price, atSeconds(second));
  }

  @Test
  void highestValidBidWins_belowReserveOrOutsideTheAuctionDoNot(TestPipeline pipeline) {
    TestStream<Event> events =
        TestStream.create(coderOf(Event.class))
            .advanceWatermarkTo(atSeconds(0))
            .addElements(stamped(AUCTION))
            .addElements(stamped(bidAt(400, 5)), stamped(bidAt(700, 10)), stamped(bidAt(900, 59)))
            .addElements(stamped(bidAt(5_000, 60)), stamped(bid(101, 9_000, atSeconds(20))))
            .advanceWatermarkToInfinity();

    PAssert.that(winners(pipeline, events, Duration.standardHours(1)))
        .containsInAnyOrder(KV.of(AUCTION, bidAt(900, 59)));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void bidsThatArriveBeforeTheirAuction_waitForIt_andEqualPricesGoToTheEarliest(
      TestPipeline pipeline) {
    TestStream<Event> events =
        TestStream.create(coderOf(Event.class))
            .advanceWatermarkTo(atSeconds(0))
            .addElements(stamped(bidAt(800, 30)), stamped(bidAt(800, 20)))
            .addElements(stamped(AUCTION))
            .addElements(stamped(bidAt(800, 40)))
            .advanceWatermarkToInfinity();

    PAssert.that(winners(pipeline, events, Duration.standardHours(1)))
        .containsInAnyOrder(KV.of(AUCTION, bidAt(800, 20)));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void aBidPlacedBeforeTheExpiry_butDeliveredAfterIt_withinTheLateness_stillWins(
      TestPipeline pipeline) {
    TestStream<Event> events =
        TestStream.create(coderOf(Event.class))
            .advanceWatermarkTo(atSeconds(0))
            .addElements(stamped(AUCTION), stamped(bidAt(700, 10)))
            .advanceWatermarkTo(atSeconds(75)) // past the 60 s expiry, within 30 s of lateness
            // Placed in time, and placed after the expiry.
            .addElements(stamped(bidAt(2_000, 59)), stamped(bidAt(9_000, 61)))
            .advanceWatermarkToInfinity();

    PAssert.that(winners(pipeline, events, Duration.standardHours(1)))
        .containsInAnyOrder(KV.of(AUCTION, bidAt(2_000, 59)));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void anOrphanBidIsForgottenAfterItsTtl_soAnAuctionArrivingLaterDoesNotSeeIt(
      TestPipeline pipeline) {
    TestStream<Event> events =
        TestStream.create(coderOf(Event.class))
            .advanceWatermarkTo(atSeconds(0))
            .addElements(stamped(bidAt(900, 5))) // its auction has not arrived
            .advanceWatermarkTo(atSeconds(5 + 20 + 1)) // past the bid's 20 s orphan TTL
            .addElements(stamped(AUCTION), stamped(bidAt(600, 25)))
            .advanceWatermarkToInfinity();

    PAssert.that(winners(pipeline, events, Duration.standardSeconds(20)))
        .containsInAnyOrder(KV.of(AUCTION, bidAt(600, 25)));
    pipeline.run().waitUntilFinish();
  }
}
