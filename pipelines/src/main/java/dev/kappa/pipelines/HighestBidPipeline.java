package dev.kappa.pipelines;

import dev.kappa.launcher.Kappa;
import dev.kappa.pipelines.io.Edges;
import dev.kappa.pipelines.options.WindowedOptions;
import dev.kappa.results.HighestBid;
import dev.kappa.transforms.FindHighestBids;
import dev.kappa.transforms.SelectEvents;
import dev.kappa.windowing.Triggering;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/** {@code highest-bid} (NEXMark Q7): per fixed window, the bid(s) with the highest price. */
public final class HighestBidPipeline implements KappaPipeline<HighestBidPipeline.Options> {
  public static final String NAME = "highest-bid";

  /** The options of {@code highest-bid}. */
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
    Kappa.runPipeline(new HighestBidPipeline(), args);
  }

  /** Source, highest-priced bids per window, sink. */
  public static PCollection<HighestBid> build(Pipeline pipeline, Config config, Edges edges) {
    PCollection<HighestBid> highest =
        edges
            .readEvents(pipeline)
            .apply("SelectBids", SelectEvents.bids())
            .apply(
                "FindHighestBids",
                FindHighestBids.inFixedWindows(config.windowSize(), config.triggering()));
    edges.writeResults(highest);
    return highest;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Per fixed window, the bid(s) with the highest price, ties all reported (Q7)";
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
