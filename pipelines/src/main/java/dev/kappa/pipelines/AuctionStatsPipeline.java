package dev.kappa.pipelines;

import dev.kappa.model.Event;
import dev.kappa.pipelines.options.FixedWindowOptions;
import dev.kappa.pipelines.serving.ServingTable;
import dev.kappa.results.AuctionStats;
import dev.kappa.transforms.ComputeAuctionStats;
import dev.kappa.transforms.SelectEvents;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@code auction-stats}: per auction and fixed event-time window, the number of bids and the
 * highest and total price, with early, on-time and late panes.
 */
public final class AuctionStatsPipeline {
  public static final String NAME = "auction-stats";
  public static final KappaPipeline<Options> DEFINITION =
      new KappaPipeline<>(
          NAME,
          "Bids, highest and total price per auction and fixed window, early/on-time/late panes",
          Options.class,
          ServingTable.keyedBy("auction"),
          (pipeline, options, edges) -> build(pipeline, FixedWindowConfig.from(options), edges));

  /** The options of {@code auction-stats}: the window length and the shared trigger options. */
  public interface Options extends FixedWindowOptions {}

  /** Source, bids per auction and window, sink. */
  public static PCollection<AuctionStats> build(
      Pipeline pipeline, FixedWindowConfig config, Edges edges) {
    PCollection<AuctionStats> stats =
        edges
            .readEvents(pipeline, config.lateness(Event.Type.BID))
            .apply("SelectBids", SelectEvents.bids())
            .apply(
                "ComputeAuctionStats",
                ComputeAuctionStats.inFixedWindows(config.windowSize(), config.triggering()));
    edges.writeResults(stats);
    return stats;
  }
}
