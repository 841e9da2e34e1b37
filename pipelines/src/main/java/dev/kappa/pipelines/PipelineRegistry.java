package dev.kappa.pipelines;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every pipeline the launcher can run, in the order {@code kappa list} shows them. */
public final class PipelineRegistry {
  private static final List<KappaPipeline<?>> PIPELINES =
      List.of(
          AuctionStatsPipeline.DEFINITION,
          CleanBidsPipeline.DEFINITION,
          HotAuctionsPipeline.DEFINITION,
          HighestBidPipeline.DEFINITION,
          CategoryPricesPipeline.DEFINITION,
          SellerPricesPipeline.DEFINITION,
          NewSellersPipeline.DEFINITION,
          BidderSessionsPipeline.DEFINITION,
          LocalSellersPipeline.DEFINITION);

  private PipelineRegistry() {}

  public static List<KappaPipeline<?>> all() {
    return PIPELINES;
  }

  /** The pipeline named {@code name} on the command line, if there is one. */
  public static Optional<KappaPipeline<?>> byName(String name) {
    return PIPELINES.stream().filter(pipeline -> pipeline.name().equals(name)).findFirst();
  }

  /** Every pipeline's name, comma-separated, for a message naming the valid ones. */
  public static String names() {
    return PIPELINES.stream().map(KappaPipeline::name).collect(Collectors.joining(", "));
  }
}
