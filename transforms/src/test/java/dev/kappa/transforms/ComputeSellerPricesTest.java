package dev.kappa.transforms;

import static dev.kappa.Fixtures.atSeconds;
import static dev.kappa.Fixtures.auction;
import static dev.kappa.Fixtures.bid;
import static dev.kappa.Fixtures.coderOf;
import static dev.kappa.Fixtures.stamped;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.model.Auction;
import dev.kappa.model.Event;
import dev.kappa.results.SellerPrice;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * NEXMark Q6 per pane: each closed auction updates its seller's average over the last auctions; a
 * bid delivered late but within the lateness still changes the winner, one after it does not.
 */
@ExtendWith(TestPipelineExtension.class)
class ComputeSellerPricesTest {
  private static final Duration LATENESS = Duration.standardSeconds(30);
  // Fixtures.auction: reserve 500, open for 60 s; all three are seller 7's.
  private static final Auction FIRST = auction(1, 7, 10, atSeconds(0));
  private static final Auction SECOND = auction(2, 7, 10, atSeconds(10));
  private static final Auction THIRD = auction(3, 7, 10, atSeconds(20));

  @Test
  void everyClosedAuctionIsAPane_overTheLastTwo_lateBidsCountUntilTheLatenessEnds(
      TestPipeline pipeline) {
    TestStream<Event> events =
        TestStream.create(coderOf(Event.class))
            .advanceWatermarkTo(atSeconds(0))
            .addElements(stamped(FIRST), stamped(SECOND), stamped(THIRD))
            .addElements(
                stamped(bid(1, 900, atSeconds(30))),
                stamped(bid(2, 600, atSeconds(40))),
                stamped(bid(3, 1_200, atSeconds(50))))
            // The third auction expired at 80 s; this bid was placed in time and is late by 5 s,
            // within the 30 s lateness: it wins.
            .advanceWatermarkTo(atSeconds(85))
            .addElements(stamped(bid(3, 2_000, atSeconds(70))))
            .advanceWatermarkTo(atSeconds(95)) // the first auction's winner: 60 s + lateness
            .advanceWatermarkTo(atSeconds(105)) // the second's
            .advanceWatermarkTo(atSeconds(115)) // the third's
            // Placed in time but delivered after the lateness: the winner is decided already.
            .addElements(stamped(bid(3, 5_000, atSeconds(75))))
            .advanceWatermarkToInfinity();

    PCollection<SellerPrice> prices =
        pipeline.apply(events).apply(ComputeSellerPrices.overLastAuctions(2, LATENESS));

    PAssert.that(prices)
        .satisfies(
            panes -> {
              List<String> seen = new ArrayList<>();
              panes.forEach(
                  p ->
                      seen.add(
                          p.getPaneIndex()
                              + " "
                              + p.getTiming()
                              + " seller "
                              + p.getSeller()
                              + ": "
                              + p.getAuctions()
                              + " auctions, avg "
                              + p.getAvgSellingPrice()));
              seen.sort(null);
              assertEquals(
                  List.of(
                      "0 EARLY seller 7: 1 auctions, avg 900.0",
                      "1 EARLY seller 7: 2 auctions, avg 750.0",
                      "2 EARLY seller 7: 2 auctions, avg 1300.0",
                      // The input ends, the global window closes: its final, on-time pane.
                      "3 ON_TIME seller 7: 2 auctions, avg 1300.0"),
                  seen);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }
}
