package dev.kappa.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import dev.kappa.model.Auction;
import dev.kappa.model.Bid;
import dev.kappa.model.Event;
import java.util.Optional;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Each auction's winning bid (NEXMark Q9): its highest bid with {@code price >= reserve} and {@code
 * auction.dateTime <= bid.dateTime < auction.expires}; among equal prices the earliest bid (then
 * the lowest bidder id) wins. Emitted as {@code KV(auction, winning bid)} stamped with the
 * auction's expiry, once the watermark has passed the expiry plus {@code bidLateness}, so bids that
 * arrive late but were placed in time still count. The timer holds the output watermark at the
 * expiry, so a windowing over expiry time downstream sees the winners on time.
 *
 * <p>Bids whose auction has not arrived wait in state; if it never comes they are cleared {@code
 * orphanTtl} of event time after the last of them. Auctions without a valid bid emit nothing.
 */
public final class FindWinningBids
    extends PTransform<PCollection<Event>, PCollection<KV<Auction, Bid>>> {
  private final Duration bidLateness;
  private final Duration orphanTtl;

  private FindWinningBids(Duration bidLateness, Duration orphanTtl) {
    this.bidLateness = bidLateness;
    this.orphanTtl = orphanTtl;
  }

  public static FindWinningBids waitingForLateBids(Duration bidLateness, Duration orphanTtl) {
    return new FindWinningBids(bidLateness, orphanTtl);
  }

  /** Whether {@code bid} can win {@code auction}. */
  public static boolean isValid(Bid bid, Auction auction) {
    return bid.getAuction() == auction.getId()
        && bid.getPrice() >= auction.getReserve()
        && bid.getDateTime() >= auction.getDateTime()
        && bid.getDateTime() < auction.getExpires();
  }

  /** Whether {@code bid} beats {@code best}: higher price, else earlier, else lower bidder id. */
  public static boolean beats(Bid bid, Bid best) {
    if (bid.getPrice() != best.getPrice()) {
      return bid.getPrice() > best.getPrice();
    }
    if (bid.getDateTime() != best.getDateTime()) {
      return bid.getDateTime() < best.getDateTime();
    }
    return bid.getBidder() < best.getBidder();
  }

  @Override
  public PCollection<KV<Auction, Bid>> expand(PCollection<Event> events) {
    checkArgument(!bidLateness.isShorterThan(Duration.ZERO), "bidLateness must be >= 0");
    checkArgument(orphanTtl.isLongerThan(Duration.ZERO), "orphanTtl must be > 0");
    Coder<Event> eventCoder = events.getCoder();
    SchemaRegistry schemas = events.getPipeline().getSchemaRegistry();
    Coder<KV<Auction, Bid>> winnerCoder;
    try {
      winnerCoder =
          KvCoder.of(schemas.getSchemaCoder(Auction.class), schemas.getSchemaCoder(Bid.class));
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException("the event model classes have schemas", e);
    }
    return events
        .apply("KeyByAuction", ParDo.of(new KeyByAuctionFn()))
        .setCoder(KvCoder.of(VarLongCoder.of(), eventCoder))
        .apply("KeepBestBid", ParDo.of(new WinningBidFn(bidLateness, orphanTtl, eventCoder)))
        .setCoder(winnerCoder);
  }

  static final class KeyByAuctionFn extends DoFn<Event, KV<Long, Event>> {
    @ProcessElement
    public void processElement(@Element Event event, OutputReceiver<KV<Long, Event>> out) {
      if (event.getAuction() != null) {
        out.output(KV.of(event.getAuction().getId(), event));
      } else if (event.getBid() != null) {
        out.output(KV.of(event.getBid().getAuction(), event));
      }
    }
  }

  static final class WinningBidFn extends DoFn<KV<Long, Event>, KV<Auction, Bid>> {
    private final Duration bidLateness;
    private final Duration orphanTtl;

    @StateId("auction")
    private final StateSpec<ValueState<Event>> auctionSpec;

    @StateId("best")
    private final StateSpec<ValueState<Event>> bestSpec;

    @StateId("waitingBids")
    private final StateSpec<BagState<Event>> waitingSpec;

    @TimerId("close")
    private final TimerSpec closeSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    WinningBidFn(Duration bidLateness, Duration orphanTtl, Coder<Event> eventCoder) {
      this.bidLateness = bidLateness;
      this.orphanTtl = orphanTtl;
      this.auctionSpec = StateSpecs.value(eventCoder);
      this.bestSpec = StateSpecs.value(eventCoder);
      this.waitingSpec = StateSpecs.bag(eventCoder);
    }

    @ProcessElement
    public void processElement(
        @Element KV<Long, Event> keyed,
        @Timestamp Instant timestamp,
        @StateId("auction") ValueState<Event> auctionState,
        @StateId("best") ValueState<Event> best,
        @StateId("waitingBids") BagState<Event> waitingBids,
        @TimerId("close") Timer close) {
      Event event = keyed.getValue();
      if (event.getAuction() != null) {
        Auction auction = event.getAuction();
        auctionState.write(event);
        for (Event waiting : waitingBids.read()) {
          consider(waiting, auction, best);
        }
        waitingBids.clear();
        Instant expires = new Instant(auction.getExpires());
        close.withOutputTimestamp(expires).set(expires.plus(bidLateness));
        return;
      }
      Event auction = auctionState.read();
      if (auction != null) {
        consider(event, auction.getAuction(), best);
      } else {
        waitingBids.add(event);
        close.set(timestamp.plus(orphanTtl));
      }
    }

    private static void consider(Event bidEvent, Auction auction, ValueState<Event> best) {
      Bid bid = bidEvent.getBid();
      Event current = best.read();
      if (isValid(bid, auction) && (current == null || beats(bid, current.getBid()))) {
        best.write(bidEvent);
      }
    }

    @OnTimer("close")
    public void onClose(
        @StateId("auction") ValueState<Event> auctionState,
        @StateId("best") ValueState<Event> best,
        @StateId("waitingBids") BagState<Event> waitingBids,
        OutputReceiver<KV<Auction, Bid>> out) {
      close(auctionState, best, waitingBids)
          .ifPresent(
              winner -> out.outputWithTimestamp(winner, new Instant(winner.getKey().getExpires())));
    }

    /**
     * The auction's winner, if it has an auction and a valid bid, and every state of the key
     * cleared: nothing of a closed auction or an orphan bid stays behind.
     */
    static Optional<KV<Auction, Bid>> close(
        ValueState<Event> auctionState, ValueState<Event> best, BagState<Event> waitingBids) {
      Event auction = auctionState.read();
      Event winner = best.read();
      auctionState.clear();
      best.clear();
      waitingBids.clear();
      return auction != null && winner != null
          ? Optional.of(KV.of(auction.getAuction(), winner.getBid()))
          : Optional.empty();
    }
  }
}
