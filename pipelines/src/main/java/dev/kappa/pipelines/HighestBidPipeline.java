package dev.kappa.pipelines;

import dev.kappa.model.Event;
import dev.kappa.pipelines.options.FixedWindowOptions;
import dev.kappa.pipelines.serving.ServingTable;
import dev.kappa.results.HighestBid;
import dev.kappa.transforms.FindHighestBids;
import dev.kappa.transforms.SelectEvents;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollection;

/** {@code highest-bid} (NEXMark Q7): per fixed window, the bid(s) with the highest price. */
public final class HighestBidPipeline {
  public static final String NAME = "highest-bid";
  public static final KappaPipeline<Options> DEFINITION =
      new KappaPipeline<>(
          NAME,
          "Per fixed window, the bid(s) with the highest price, ties all reported (Q7)",
          Options.class,
          ServingTable.wholeWindowsKeyedBy("auction", "bidder", "price", "dateTime"),
          (pipeline, options, edges) -> build(pipeline, FixedWindowConfig.from(options), edges));

  /** The options of {@code highest-bid}: the window length and the shared trigger options. */
  public interface Options extends FixedWindowOptions {}

  /** Source, highest-priced bids per window, sink. */
  public static PCollection<HighestBid> build(
      Pipeline pipeline, FixedWindowConfig config, Edges edges) {
    PCollection<HighestBid> highest =
        edges
            .readEvents(pipeline, config.lateness(Event.Type.BID))
            .apply("SelectBids", SelectEvents.bids())
            .apply(
                "FindHighestBids",
                FindHighestBids.inFixedWindows(config.windowSize(), config.triggering()));
    edges.writeResults(highest);
    return highest;
  }
}
