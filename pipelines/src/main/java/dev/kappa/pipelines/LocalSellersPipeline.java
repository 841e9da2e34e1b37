package dev.kappa.pipelines;

import dev.kappa.pipelines.options.CommaList;
import dev.kappa.pipelines.options.KappaOptions;
import dev.kappa.pipelines.serving.ServingTable;
import dev.kappa.results.LocalSeller;
import dev.kappa.transforms.JoinLocalSellers;
import dev.kappa.windowing.Lateness;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * {@code local-sellers} (NEXMark Q3): persons from some states who open an auction in one category,
 * joined incrementally with per-key state and timers, no windows.
 */
public final class LocalSellersPipeline {
  public static final String NAME = "local-sellers";
  public static final KappaPipeline<Options> DEFINITION =
      new KappaPipeline<>(
          NAME,
          "Sellers from some states opening auctions in a category, a stateful join (Q3)",
          Options.class,
          ServingTable.keyedBy("auctionId"),
          (pipeline, options, edges) -> build(pipeline, Config.from(options), edges));

  /** The options of {@code local-sellers}. */
  public interface Options extends KappaOptions {
    @Description("US states of the sellers to report, comma-separated.")
    @Default.String("OR,ID,CA")
    String getStates();

    void setStates(String states);

    @Description("The auction category to report.")
    @Default.Long(10)
    long getCategory();

    void setCategory(long category);

    @Description("A seller's join state is cleared after this many seconds of event time idle.")
    @Default.Long(3600)
    long getStateTtlSeconds();

    void setStateTtlSeconds(long stateTtlSeconds);
  }

  /** The options as typed values. */
  public record Config(Set<String> states, long category, Duration stateTtl) {
    public static Config from(Options options) {
      return new Config(
          Set.copyOf(CommaList.of(options.getStates())),
          options.getCategory(),
          Duration.standardSeconds(options.getStateTtlSeconds()));
    }
  }

  /** Source, the stateful join, sink. */
  public static PCollection<LocalSeller> build(Pipeline pipeline, Config config, Edges edges) {
    PCollection<LocalSeller> sellers =
        edges
            .readEvents(pipeline, Lateness.none())
            .apply(
                "JoinLocalSellers",
                JoinLocalSellers.of(config.states(), config.category(), config.stateTtl()));
    edges.writeResults(sellers);
    return sellers;
  }
}
