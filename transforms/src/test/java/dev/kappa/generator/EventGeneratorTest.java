package dev.kappa.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kappa.model.Auction;
import dev.kappa.model.Bid;
import dev.kappa.model.Event;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventGeneratorTest {
  private static final int EVENTS = 100_000;
  private static final GeneratorConfig CONFIG =
      GeneratorConfig.builder()
          .seed(7)
          .events(EVENTS)
          .maxOutOfOrderMs(2_000)
          .lateFraction(0.01)
          .maxLateMs(20_000)
          .build();
  private final EventGenerator generator = new EventGenerator(CONFIG);

  @Test
  void sameSeedGivesByteIdenticalEvents() {
    EventGenerator again = new EventGenerator(CONFIG);
    for (long i = 0; i < 5_000; i++) {
      assertEquals(generator.json(i), again.json(i));
    }
  }

  @Test
  void differentSeedGivesDifferentEvents() {
    EventGenerator other = new EventGenerator(CONFIG.toBuilder().seed(8).build());
    int same = 0;
    for (long i = 0; i < 1_000; i++) {
      same += generator.json(i).equals(other.json(i)) ? 1 : 0;
    }
    assertEquals(0, same);
  }

  @Test
  void followsNexmarkProportions() {
    Map<Event.Type, Integer> counts = new EnumMap<>(Event.Type.class);
    for (long i = 0; i < EVENTS; i++) {
      counts.merge(generator.event(i).type(), 1, Integer::sum);
    }
    assertEquals(EVENTS / 50 * 1, counts.get(Event.Type.PERSON));
    assertEquals(EVENTS / 50 * 3, counts.get(Event.Type.AUCTION));
    assertEquals(EVENTS / 50 * 46, counts.get(Event.Type.BID));
  }

  @Test
  void auctionsHaveExistingSellersAndBidsHitOpenAuctionsOfExistingBidders() {
    long maxPersonId = -1;
    long maxAuctionId = -1;
    Map<Long, Auction> auctions = new HashMap<>();
    int bids = 0;
    int bidsOnNewestAuctions = 0;
    int bidsByNewestBidders = 0;
    for (long i = 0; i < EVENTS; i++) {
      Event event = generator.event(i);
      switch (event.type()) {
        case PERSON:
          maxPersonId = event.getPerson().getId();
          break;
        case AUCTION:
          Auction auction = event.getAuction();
          assertTrue(auction.getSeller() <= maxPersonId, "seller registered before its auction");
          auctions.put(auction.getId(), auction);
          maxAuctionId = auction.getId();
          break;
        default:
          Bid bid = event.getBid();
          Auction target = auctions.get(bid.getAuction());
          assertTrue(target != null, "bid " + i + " on an auction that exists");
          assertTrue(generator.idealTime(i) < target.getExpires(), "bid before expiry");
          assertTrue(bid.getBidder() <= maxPersonId, "bidder registered before bidding");
          bids++;
          bidsOnNewestAuctions += maxAuctionId - bid.getAuction() < 2 ? 1 : 0;
          bidsByNewestBidders += maxPersonId - bid.getBidder() < 4 ? 1 : 0;
      }
    }
    // Half the bids go to a hot auction (one of the two newest), three quarters come from a hot
    // bidder (one of the four newest persons); the uniform picks among 100 add a little.
    double hotAuctionShare = (double) bidsOnNewestAuctions / bids;
    double hotBidderShare = (double) bidsByNewestBidders / bids;
    assertTrue(hotAuctionShare > 0.5 && hotAuctionShare < 0.53, "hot auctions " + hotAuctionShare);
    assertTrue(hotBidderShare > 0.75 && hotBidderShare < 0.78, "hot bidders " + hotBidderShare);
  }

  @Test
  void eventTimesAreOutOfOrderWithinTheBoundExceptTheLateShare() {
    int late = 0;
    int outOfOrder = 0;
    long maxSeen = Long.MIN_VALUE;
    for (long i = 0; i < EVENTS; i++) {
      long delay = generator.idealTime(i) - generator.eventTime(i);
      assertTrue(delay >= 0 && delay <= CONFIG.maxOutOfOrderMs() + CONFIG.maxLateMs());
      long eventTime = generator.eventTime(i);
      if (eventTime < generator.watermarkBefore(i)) {
        late++;
      }
      if (eventTime < maxSeen) {
        outOfOrder++;
      }
      maxSeen = Math.max(maxSeen, eventTime);
    }
    double lateShare = (double) late / EVENTS;
    assertTrue(lateShare > 0.008 && lateShare < 0.012, "late share " + lateShare);
    assertTrue(outOfOrder > EVENTS / 2, "most events arrive after a newer one: " + outOfOrder);
  }

  @Test
  void noLateEventsWhenLateFractionIsZero() {
    EventGenerator onTime = new EventGenerator(CONFIG.toBuilder().lateFraction(0).build());
    for (long i = 0; i < EVENTS; i++) {
      assertTrue(onTime.eventTime(i) >= onTime.watermarkBefore(i));
    }
  }
}
