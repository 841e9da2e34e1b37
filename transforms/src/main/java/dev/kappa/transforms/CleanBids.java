package dev.kappa.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import dev.kappa.metrics.KappaMetrics;
import dev.kappa.model.Bid;
import dev.kappa.results.CleanBid;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * The ETL stage of a Kappa deployment (NEXMark Q1 and Q2): each bid with its price converted to
 * euro cents (rounded half-even to a whole cent), optionally only the bids on some auctions. Bids
 * it leaves out are counted ({@code kappa/bidsFilteredOut}), as are those it keeps.
 */
public final class CleanBids extends PTransform<PCollection<Bid>, PCollection<CleanBid>> {

  private final BigDecimal usdToEur;
  private final Set<Long> auctions;

  private CleanBids(BigDecimal usdToEur, Set<Long> auctions) {
    this.usdToEur = usdToEur;
    this.auctions = auctions;
  }

  /** Converts every bid at {@code usdToEur} euros per dollar. */
  public static CleanBids convertingUsdToEur(BigDecimal usdToEur) {
    checkArgument(usdToEur.signum() > 0, "usdToEur must be > 0, got %s", usdToEur);
    return new CleanBids(usdToEur, Set.of());
  }

  /** Keeps only the bids on these auctions; an empty set keeps all. */
  public CleanBids onlyAuctions(Set<Long> auctionIds) {
    return new CleanBids(usdToEur, new TreeSet<>(auctionIds));
  }

  /** A price in dollar cents as euro cents, rounded half-even. */
  public static long toEuroCents(long usdCents, BigDecimal usdToEur) {
    return BigDecimal.valueOf(usdCents)
        .multiply(usdToEur)
        .setScale(0, RoundingMode.HALF_EVEN)
        .longValueExact();
  }

  @Override
  public PCollection<CleanBid> expand(PCollection<Bid> bids) {
    return bids.apply("ConvertAndFilter", ParDo.of(new CleanFn(usdToEur, auctions)));
  }

  private static final class CleanFn extends DoFn<Bid, CleanBid> {
    private final BigDecimal usdToEur;
    private final Set<Long> auctions;
    private final Counter kept = KappaMetrics.counter(KappaMetrics.BIDS_KEPT);
    private final Counter filteredOut = KappaMetrics.counter(KappaMetrics.BIDS_FILTERED_OUT);

    CleanFn(BigDecimal usdToEur, Set<Long> auctions) {
      this.usdToEur = usdToEur;
      this.auctions = auctions;
    }

    @ProcessElement
    public void processElement(@Element Bid bid, OutputReceiver<CleanBid> out) {
      if (!auctions.isEmpty() && !auctions.contains(bid.getAuction())) {
        filteredOut.inc();
        return;
      }
      kept.inc();
      out.output(CleanBid.of(bid, toEuroCents(bid.getPrice(), usdToEur)));
    }
  }
}
