package dev.kappa.pipelines;

import dev.kappa.pipelines.options.CommaList;
import dev.kappa.pipelines.options.KappaOptions;
import dev.kappa.pipelines.serving.ServingTable;
import dev.kappa.results.CleanBid;
import dev.kappa.transforms.CleanBids;
import dev.kappa.transforms.SelectEvents;
import dev.kappa.windowing.Lateness;
import java.math.BigDecimal;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@code clean-bids}: the ETL stage (NEXMark Q1 and Q2): every bid, with its price in euro cents,
 * optionally only those on some auctions. No windowing.
 */
public final class CleanBidsPipeline {
  public static final String NAME = "clean-bids";
  public static final KappaPipeline<Options> DEFINITION =
      new KappaPipeline<>(
          NAME,
          "Every bid with its price in euro cents, optionally only some auctions (ETL, no windows)",
          Options.class,
          ServingTable.keyedBy("type", "auction", "bidder", "dateTime", "price"),
          (pipeline, options, edges) -> build(pipeline, Config.from(options), edges));

  /** The options of {@code clean-bids}. */
  public interface Options extends KappaOptions {
    @Description("Euros per US dollar: priceEur = price * usdToEur, rounded half-even to a cent.")
    @Default.String("0.89")
    String getUsdToEur();

    void setUsdToEur(String usdToEur);

    @Description("Keep only bids on these auction ids (comma-separated); empty keeps all.")
    @Default.String("")
    String getAuctions();

    void setAuctions(String auctions);
  }

  /** The options as typed values. */
  public record Config(BigDecimal usdToEur, Set<Long> auctions) {
    public static Config from(Options options) {
      BigDecimal rate;
      Set<Long> auctions;
      try {
        rate = new BigDecimal(options.getUsdToEur());
        auctions =
            CommaList.of(options.getAuctions()).stream()
                .map(Long::valueOf)
                .collect(Collectors.toSet());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--usdToEur must be a decimal number and --auctions comma-separated ids, got '"
                + options.getUsdToEur()
                + "' and '"
                + options.getAuctions()
                + "'",
            e);
      }
      return new Config(rate, auctions);
    }
  }

  /** Source, bids in euros, sink. */
  public static PCollection<CleanBid> build(Pipeline pipeline, Config config, Edges edges) {
    PCollection<CleanBid> cleaned =
        edges
            .readEvents(pipeline, Lateness.none())
            .apply("SelectBids", SelectEvents.bids())
            .apply(
                "CleanBids",
                CleanBids.convertingUsdToEur(config.usdToEur()).onlyAuctions(config.auctions()));
    edges.writeResults(cleaned);
    return cleaned;
  }
}
