package dev.kappa.pipelines;

import dev.kappa.pipelines.options.KappaOptions;
import dev.kappa.pipelines.serving.ServingTable;
import dev.kappa.results.SellerPrice;
import dev.kappa.transforms.ComputeSellerPrices;
import dev.kappa.windowing.Lateness;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * {@code seller-prices} (NEXMark Q6): per seller, the average selling price of their last closed
 * auctions, on {@code category-prices}' winning bids; updated by every auction a seller closes.
 */
public final class SellerPricesPipeline {
  public static final String NAME = "seller-prices";
  public static final KappaPipeline<Options> DEFINITION =
      new KappaPipeline<>(
          NAME,
          "Per seller, the average selling price of their last 10 closed auctions (Q6)",
          Options.class,
          ServingTable.keyedBy("seller"),
          (pipeline, options, edges) -> build(pipeline, Config.from(options), edges));

  /** The options of {@code seller-prices}. */
  public interface Options extends KappaOptions {
    @Description("How many of a seller's most recently closed auctions the average covers.")
    @Default.Integer(10)
    int getAuctionsPerSeller();

    void setAuctionsPerSeller(int auctionsPerSeller);

    @Description(
        "A bid delivered up to this many seconds of event time after its auction's expiry still"
            + " counts towards the winner.")
    @Default.Long(30)
    long getBidLatenessSeconds();

    void setBidLatenessSeconds(long bidLatenessSeconds);
  }

  /** The options as typed values. */
  public record Config(int auctionsPerSeller, Duration bidLateness) {
    public static Config from(Options options) {
      return new Config(
          options.getAuctionsPerSeller(),
          Duration.standardSeconds(options.getBidLatenessSeconds()));
    }
  }

  /** Source, winning bids, the moving average per seller, sink. */
  public static PCollection<SellerPrice> build(Pipeline pipeline, Config config, Edges edges) {
    PCollection<SellerPrice> prices =
        edges
            .readEvents(pipeline, Lateness.none())
            .apply(
                "ComputeSellerPrices",
                ComputeSellerPrices.overLastAuctions(
                    config.auctionsPerSeller(), config.bidLateness()));
    edges.writeResults(prices);
    return prices;
  }
}
