package dev.kappa.pipelines;

import dev.kappa.model.Event;
import dev.kappa.pipelines.options.FixedWindowOptions;
import dev.kappa.pipelines.serving.ServingTable;
import dev.kappa.results.NewSeller;
import dev.kappa.transforms.JoinNewSellers;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollection;

/** {@code new-sellers} (NEXMark Q8): persons who register and open an auction in one window. */
public final class NewSellersPipeline {
  public static final String NAME = "new-sellers";
  public static final KappaPipeline<Options> DEFINITION =
      new KappaPipeline<>(
          NAME,
          "Persons who registered and opened an auction within the same fixed window (Q8)",
          Options.class,
          ServingTable.keyedBy("personId", "auctionId"),
          (pipeline, options, edges) -> build(pipeline, FixedWindowConfig.from(options), edges));

  /** The options of {@code new-sellers}: the window length and the shared trigger options. */
  public interface Options extends FixedWindowOptions {}

  /** Source, the windowed join of persons and their auctions, sink. */
  public static PCollection<NewSeller> build(
      Pipeline pipeline, FixedWindowConfig config, Edges edges) {
    PCollection<NewSeller> sellers =
        edges
            .readEvents(pipeline, config.lateness(Event.Type.PERSON, Event.Type.AUCTION))
            .apply(
                "JoinNewSellers",
                JoinNewSellers.inFixedWindows(config.windowSize(), config.triggering()));
    edges.writeResults(sellers);
    return sellers;
  }
}
