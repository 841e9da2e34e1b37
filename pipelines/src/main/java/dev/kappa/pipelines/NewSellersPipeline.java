package dev.kappa.pipelines;

import dev.kappa.launcher.Kappa;
import dev.kappa.pipelines.io.Edges;
import dev.kappa.pipelines.options.WindowedOptions;
import dev.kappa.results.NewSeller;
import dev.kappa.transforms.JoinNewSellers;
import dev.kappa.windowing.Triggering;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/** {@code new-sellers} (NEXMark Q8): persons who register and open an auction in one window. */
public final class NewSellersPipeline implements KappaPipeline<NewSellersPipeline.Options> {
  public static final String NAME = "new-sellers";

  /** The options of {@code new-sellers}. */
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
    Kappa.runPipeline(new NewSellersPipeline(), args);
  }

  /** Source, the windowed join of persons and their auctions, sink. */
  public static PCollection<NewSeller> build(Pipeline pipeline, Config config, Edges edges) {
    PCollection<NewSeller> sellers =
        edges
            .readEvents(pipeline)
            .apply(
                "JoinNewSellers",
                JoinNewSellers.inFixedWindows(config.windowSize(), config.triggering()));
    edges.writeResults(sellers);
    return sellers;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Persons who registered and opened an auction within the same fixed window (Q8)";
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
