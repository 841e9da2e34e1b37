package dev.kappa.transforms;

import static dev.kappa.Fixtures.atSeconds;
import static dev.kappa.Fixtures.auction;
import static dev.kappa.Fixtures.bid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kappa.model.Auction;
import dev.kappa.model.Bid;
import dev.kappa.model.Event;
import dev.kappa.model.EventCoders;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.ReadableState;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code FindWinningBids}' per-auction state, as flink-training tests its functions with a harness:
 * which timer each event sets, and that closing an auction, or giving up on an orphan bid, leaves
 * no state behind (the timer is the only one, and it has fired).
 */
class WinningBidStateTest {
  private static final Duration LATENESS = Duration.standardSeconds(30);
  private static final Duration ORPHAN_TTL = Duration.standardMinutes(10);
  private static final Auction AUCTION = auction(100, 1, 10, atSeconds(0)); // expires at 60 s

  private final FindWinningBids.WinningBidFn fn =
      new FindWinningBids.WinningBidFn(LATENESS, ORPHAN_TTL, EventCoders.events());
  private final Value<Event> auctionState = new Value<>();
  private final Value<Event> best = new Value<>();
  private final Bag<Event> waitingBids = new Bag<>();
  private final RecordingTimer close = new RecordingTimer();

  private void process(Event event, Instant timestamp) {
    fn.processElement(KV.of(100L, event), timestamp, auctionState, best, waitingBids, close);
  }

  private void assertNoStateLeft() {
    assertNull(auctionState.read(), "auction");
    assertNull(best.read(), "best bid");
    assertTrue(waitingBids.isEmpty().read(), "waiting bids");
  }

  @Test
  void anAuctionSetsItsCloseTimer_atExpiryPlusLateness_holdingTheOutputAtExpiry() {
    process(Event.of(AUCTION), atSeconds(0));

    assertEquals(atSeconds(90), close.firesAt);
    assertEquals(atSeconds(60), close.outputTimestamp);
  }

  @Test
  void closingAnAuction_emitsItsWinner_andLeavesNoState() {
    Bid winner = bid(100, 900, atSeconds(59)); // in time, whenever it is delivered
    process(Event.of(bid(100, 800, atSeconds(10))), atSeconds(10));
    process(Event.of(AUCTION), atSeconds(0));
    process(Event.of(winner), atSeconds(59));
    process(Event.of(bid(100, 5_000, atSeconds(61))), atSeconds(61)); // after the expiry

    Optional<KV<Auction, Bid>> closed =
        FindWinningBids.WinningBidFn.close(auctionState, best, waitingBids);

    assertEquals(Optional.of(KV.of(AUCTION, winner)), closed);
    assertNoStateLeft();
  }

  @Test
  void anOrphanBid_waitsUntilItsTtl_thenIsForgotten_leavingNoState() {
    process(Event.of(bid(100, 900, atSeconds(5))), atSeconds(5));

    assertEquals(atSeconds(5).plus(ORPHAN_TTL), close.firesAt);
    assertEquals(1, waitingBids.items.size());
    assertEquals(
        Optional.empty(), FindWinningBids.WinningBidFn.close(auctionState, best, waitingBids));
    assertNoStateLeft();
  }

  /** A value cell, as a runner's state backend keeps one per key. */
  private static final class Value<T> implements ValueState<T> {
    private T value;

    @Override
    public void write(T input) {
      value = input;
    }

    @Override
    public T read() {
      return value;
    }

    @Override
    public ValueState<T> readLater() {
      return this;
    }

    @Override
    public void clear() {
      value = null;
    }
  }

  private static final class Bag<T> implements BagState<T> {
    private final List<T> items = new ArrayList<>();

    @Override
    public void add(T item) {
      items.add(item);
    }

    @Override
    public ReadableState<Boolean> isEmpty() {
      boolean empty = items.isEmpty();
      return new ReadableState<>() {
        @Override
        public Boolean read() {
          return empty;
        }

        @Override
        public ReadableState<Boolean> readLater() {
          return this;
        }
      };
    }

    @Override
    public Iterable<T> read() {
      return new ArrayList<>(items);
    }

    @Override
    public BagState<T> readLater() {
      return this;
    }

    @Override
    public void clear() {
      items.clear();
    }
  }

  /** Remembers when the timer was last set to fire and the output timestamp it holds. */
  private static final class RecordingTimer implements Timer {
    private Instant firesAt;
    private Instant outputTimestamp;

    @Override
    public void set(Instant time) {
      firesAt = time;
    }

    @Override
    public Timer withOutputTimestamp(Instant time) {
      outputTimestamp = time;
      return this;
    }

    @Override
    public void setRelative() {
      throw new UnsupportedOperationException("event-time timers only");
    }

    @Override
    public void clear() {
      firesAt = null;
    }

    @Override
    public Timer offset(Duration offset) {
      throw new UnsupportedOperationException("event-time timers only");
    }

    @Override
    public Timer align(Duration period) {
      throw new UnsupportedOperationException("event-time timers only");
    }

    @Override
    public Timer withNoOutputTimestamp() {
      outputTimestamp = null;
      return this;
    }

    @Override
    public Instant getCurrentRelativeTime() {
      throw new UnsupportedOperationException("event-time timers only");
    }
  }
}
