package dev.kappa.launcher;

import dev.kappa.pipelines.AuctionStatsPipeline;
import dev.kappa.pipelines.BidderSessionsPipeline;
import dev.kappa.pipelines.CategoryPricesPipeline;
import dev.kappa.pipelines.CleanBidsPipeline;
import dev.kappa.pipelines.HighestBidPipeline;
import dev.kappa.pipelines.HotAuctionsPipeline;
import dev.kappa.pipelines.KappaPipeline;
import dev.kappa.pipelines.LocalSellersPipeline;
import dev.kappa.pipelines.NewSellersPipeline;
import dev.kappa.pipelines.SellerPricesPipeline;
import java.util.List;
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

  static KappaPipeline<?> byName(String name) {
    return PIPELINES.stream()
        .filter(pipeline -> pipeline.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new UsageException(
                    "unknown pipeline '" + name + "' (pipelines: " + names() + ")"));
  }

  private static String names() {
    return PIPELINES.stream().map(KappaPipeline::name).collect(Collectors.joining(", "));
  }
}
