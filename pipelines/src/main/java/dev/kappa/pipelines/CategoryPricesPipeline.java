package dev.kappa.pipelines;

import dev.kappa.pipelines.options.WindowedOptions;
import dev.kappa.pipelines.serving.ServingTable;
import dev.kappa.results.CategoryPrice;
import dev.kappa.transforms.ComputeCategoryPrices;
import dev.kappa.windowing.Lateness;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@code category-prices} (NEXMark Q4 with Q9's winning bids): per category and window of expiry
 * time, the auctions that closed with a winning bid and their average winning price.
 */
public final class CategoryPricesPipeline {
  public static final String NAME = "category-prices";
  public static final KappaPipeline<Options> DEFINITION =
      new KappaPipeline<>(
          NAME,
          "Per category and window of expiry: auctions sold and their average price (Q4/Q9)",
          Options.class,
          ServingTable.keyedBy("category"),
          (pipeline, options, edges) ->
              build(
                  pipeline, FixedWindowConfig.of(options.getWindowSizeSeconds(), options), edges));

  /** The options of {@code category-prices}. */
  public interface Options extends WindowedOptions {
    @Description("Length of the fixed windows over the auctions' expiry time, in seconds.")
    @Default.Long(60)
    long getWindowSizeSeconds();

    void setWindowSizeSeconds(long windowSizeSeconds);
  }

  /** Source, winning bids, prices per category and window, sink. */
  public static PCollection<CategoryPrice> build(
      Pipeline pipeline, FixedWindowConfig config, Edges edges) {
    PCollection<CategoryPrice> prices =
        edges
            // Events are not windowed here: the winners are, at their auction's expiry, so no
            // event is too late for a window on its own.
            .readEvents(pipeline, Lateness.none())
            .apply(
                "ComputeCategoryPrices",
                ComputeCategoryPrices.inFixedWindows(config.windowSize(), config.triggering()));
    edges.writeResults(prices);
    return prices;
  }
}
