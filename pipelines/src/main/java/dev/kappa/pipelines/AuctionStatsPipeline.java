package dev.kappa.pipelines;

import dev.kappa.launcher.Kappa;
import dev.kappa.pipelines.io.Edges;
import dev.kappa.pipelines.options.WindowedOptions;
import dev.kappa.results.AuctionStats;
import dev.kappa.transforms.ComputeAuctionStats;
import dev.kappa.transforms.SelectEvents;
import dev.kappa.windowing.Triggering;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * {@code auction-stats}: per auction and fixed event-time window, the number of bids and the
 * highest and total price, with early, on-time and late panes.
 */
public final class AuctionStatsPipeline implements KappaPipeline<AuctionStatsPipeline.Options> {
  public static final String NAME = "auction-stats";

  /** The options of {@code auction-stats}. */
  public interface Options extends WindowedOptions {
    @Description("Length of the fixed event-time windows, in seconds.")
    @Default.Long(10)
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
    Kappa.runPipeline(new AuctionStatsPipeline(), args);
  }

  /** Source, bids per auction and window, sink. */
  public static PCollection<AuctionStats> build(Pipeline pipeline, Config config, Edges edges) {
    PCollection<AuctionStats> stats =
        edges
            .readEvents(pipeline)
            .apply("SelectBids", SelectEvents.bids())
            .apply(
                "ComputeAuctionStats",
                ComputeAuctionStats.inFixedWindows(config.windowSize(), config.triggering()));
    edges.writeResults(stats);
    return stats;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Bids, highest and total price per auction and fixed window, with early/on-time/late panes";
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
