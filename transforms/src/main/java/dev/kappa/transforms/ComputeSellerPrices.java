package dev.kappa.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import dev.kappa.model.Auction;
import dev.kappa.model.Bid;
import dev.kappa.model.Event;
import dev.kappa.results.SellerPrice;
import dev.kappa.windowing.WindowPane;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Per seller, the average selling price of their last {@code auctions} closed auctions (NEXMark
 * Q6), on the winning bids of {@link FindWinningBids}:
 *
 * <pre>
 * SELECT seller, AVG(price) FROM (winning bids) PARTITION BY seller ROWS {auctions}
 * </pre>
 *
 * "Last" is by the auctions' expiry, then id, so the answer does not depend on the order winners
 * arrive in. It lives in the global window, as in Beam's Nexmark Query6: every closed auction fires
 * an accumulating pane for its seller, whose last pane is the answer.
 */
public final class ComputeSellerPrices
    extends PTransform<PCollection<Event>, PCollection<SellerPrice>> {
  private final int auctions;
  private final Duration bidLateness;

  private ComputeSellerPrices(int auctions, Duration bidLateness) {
    this.auctions = auctions;
    this.bidLateness = bidLateness;
  }

  /**
   * Averages over the last {@code auctions} closed auctions; a bid delivered up to {@code
   * bidLateness} after its auction's expiry still counts.
   */
  public static ComputeSellerPrices overLastAuctions(int auctions, Duration bidLateness) {
    return new ComputeSellerPrices(auctions, bidLateness);
  }

  @Override
  public PCollection<SellerPrice> expand(PCollection<Event> events) {
    checkArgument(auctions > 0, "auctions must be > 0, got %s", auctions);
    checkArgument(
        !bidLateness.isShorterThan(Duration.ZERO), "bidLateness must be >= 0, got %s", bidLateness);
    return events
        .apply(
            "FindWinningBids",
            FindWinningBids.waitingForLateBids(bidLateness, ComputeCategoryPrices.ORPHAN_BID_TTL))
        .apply("KeyBySeller", ParDo.of(new KeyBySellerFn()))
        .setCoder(KvCoder.of(VarLongCoder.of(), ClosedAuctionCoder.INSTANCE))
        .apply(
            "UpdateOnEveryClosedAuction",
            Window.<KV<Long, ClosedAuction>>into(new GlobalWindows())
                .triggering(Repeatedly.forever(AfterPane.elementCountAtLeast(1)))
                .withAllowedLateness(Duration.ZERO)
                .accumulatingFiredPanes())
        .apply("KeepLastAuctions", Combine.perKey(new LastAuctionsFn(auctions)))
        .apply("ToSellerPrices", ParDo.of(new ToSellerPriceFn()));
  }

  /** One closed auction: when it expired, its id, and the price its winning bid paid. */
  static final class ClosedAuction {
    final long expires;
    final long id;
    final long price;

    ClosedAuction(long expires, long id, long price) {
      this.expires = expires;
      this.id = id;
      this.price = price;
    }

    static final Comparator<ClosedAuction> BY_CLOSE =
        Comparator.<ClosedAuction>comparingLong(a -> a.expires).thenComparingLong(a -> a.id);
  }

  static final class KeyBySellerFn extends DoFn<KV<Auction, Bid>, KV<Long, ClosedAuction>> {
    @ProcessElement
    public void processElement(
        @Element KV<Auction, Bid> winner, OutputReceiver<KV<Long, ClosedAuction>> out) {
      Auction auction = winner.getKey();
      out.output(
          KV.of(
              auction.getSeller(),
              new ClosedAuction(
                  auction.getExpires(), auction.getId(), winner.getValue().getPrice())));
    }
  }

  /** Keeps the last {@code size} closed auctions, oldest first. */
  static final class LastAuctionsFn
      extends Combine.CombineFn<ClosedAuction, List<ClosedAuction>, List<ClosedAuction>> {
    private final int size;

    LastAuctionsFn(int size) {
      this.size = size;
    }

    @Override
    public List<ClosedAuction> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<ClosedAuction> addInput(List<ClosedAuction> last, ClosedAuction auction) {
      last.add(auction);
      return trimmed(last);
    }

    @Override
    public List<ClosedAuction> mergeAccumulators(Iterable<List<ClosedAuction>> accumulators) {
      List<ClosedAuction> merged = new ArrayList<>();
      accumulators.forEach(merged::addAll);
      return trimmed(merged);
    }

    @Override
    public List<ClosedAuction> extractOutput(List<ClosedAuction> last) {
      return last;
    }

    private List<ClosedAuction> trimmed(List<ClosedAuction> auctions) {
      auctions.sort(ClosedAuction.BY_CLOSE);
      return auctions.size() <= size
          ? auctions
          : new ArrayList<>(auctions.subList(auctions.size() - size, auctions.size()));
    }

    @Override
    public Coder<List<ClosedAuction>> getAccumulatorCoder(
        CoderRegistry registry, Coder<ClosedAuction> inputCoder) {
      return ListCoder.of(ClosedAuctionCoder.INSTANCE);
    }

    @Override
    public Coder<List<ClosedAuction>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<ClosedAuction> inputCoder) {
      return ListCoder.of(ClosedAuctionCoder.INSTANCE);
    }
  }

  static final class ToSellerPriceFn extends DoFn<KV<Long, List<ClosedAuction>>, SellerPrice> {
    @ProcessElement
    public void processElement(
        @Element KV<Long, List<ClosedAuction>> last,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<SellerPrice> out) {
      List<ClosedAuction> auctions = last.getValue();
      long total = 0;
      for (ClosedAuction auction : auctions) {
        total += auction.price;
      }
      out.output(
          SellerPrice.of(
              last.getKey(),
              auctions.size(),
              (double) total / auctions.size(),
              WindowPane.of(window, pane)));
    }
  }

  static final class ClosedAuctionCoder extends AtomicCoder<ClosedAuction> {
    static final ClosedAuctionCoder INSTANCE = new ClosedAuctionCoder();
    private static final VarLongCoder LONGS = VarLongCoder.of();

    @Override
    public void encode(ClosedAuction auction, OutputStream out) throws IOException {
      LONGS.encode(auction.expires, out);
      LONGS.encode(auction.id, out);
      LONGS.encode(auction.price, out);
    }

    @Override
    public ClosedAuction decode(InputStream in) throws IOException {
      return new ClosedAuction(LONGS.decode(in), LONGS.decode(in), LONGS.decode(in));
    }
  }
}
