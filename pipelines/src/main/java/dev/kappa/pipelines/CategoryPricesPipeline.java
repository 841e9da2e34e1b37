package dev.kappa.pipelines;

import dev.kappa.launcher.Kappa;
import dev.kappa.pipelines.io.Edges;
import dev.kappa.pipelines.options.WindowedOptions;
import dev.kappa.results.CategoryPrice;
import dev.kappa.transforms.ComputeCategoryPrices;
import dev.kappa.windowing.Triggering;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * {@code category-prices} (NEXMark Q4 with Q9's winning bids): per category and window of expiry
 * time, the auctions that closed with a winning bid and their average winning price.
 */
public final class CategoryPricesPipeline implements KappaPipeline<CategoryPricesPipeline.Options> {
  public static final String NAME = "category-prices";

  /** The options of {@code category-prices}. */
  public interface Options extends WindowedOptions {
    @Description("Length of the fixed windows over the auctions' expiry time, in seconds.")
    @Default.Long(60)
    long getWindowSizeSeconds();

    void setWindowSizeSeconds(long windowSizeSeconds);
  }

  /** The options as typed values. */
  public record Config(Duration windowSize, Triggering triggering) {
    public static Config from(Options options) {
      return new Config(
          Duration.standardSeconds(options.getWindowSizeSeconds()),
          WindowedOptions.triggering(options));
    }
  }

  public static void main(String[] args) {
    Kappa.runPipeline(new CategoryPricesPipeline(), args);
  }

  /** Source, winning bids, prices per category and window, sink. */
  public static PCollection<CategoryPrice> build(Pipeline pipeline, Config config, Edges edges) {
    PCollection<CategoryPrice> prices =
        edges
            .readEvents(pipeline)
            .apply(
                "ComputeCategoryPrices",
                ComputeCategoryPrices.inFixedWindows(config.windowSize(), config.triggering()));
    edges.writeResults(prices);
    return prices;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Per category and window of expiry: auctions closed with a winning bid, average price (Q4/Q9)";
  }

  @Override
  public Class<Options> optionsClass() {
    return Options.class;
  }

  @Override
  public void build(Pipeline pipeline, Options options, Edges edges) {
    build(pipeline, Config.from(options), edges);
  }
}
