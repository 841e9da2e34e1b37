package dev.kappa.pipelines;

import dev.kappa.model.Event;
import dev.kappa.pipelines.options.WindowedOptions;
import dev.kappa.pipelines.serving.ServingTable;
import dev.kappa.results.HotAuction;
import dev.kappa.transforms.FindHotAuctions;
import dev.kappa.transforms.SelectEvents;
import dev.kappa.windowing.Lateness;
import dev.kappa.windowing.Triggering;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/** {@code hot-auctions} (NEXMark Q5): per sliding window, the auction(s) with the most bids. */
public final class HotAuctionsPipeline {
  public static final String NAME = "hot-auctions";
  public static final KappaPipeline<Options> DEFINITION =
      new KappaPipeline<>(
          NAME,
          "Per sliding window, the auction(s) with the most bids, ties all reported (Q5)",
          Options.class,
          ServingTable.wholeWindowsKeyedBy("auction"),
          (pipeline, options, edges) -> build(pipeline, Config.from(options), edges));

  /** The options of {@code hot-auctions}. */
  public interface Options extends WindowedOptions {
    @Description("Length of the sliding event-time windows, in seconds.")
    @Default.Long(60)
    long getWindowSizeSeconds();

    void setWindowSizeSeconds(long windowSizeSeconds);

    @Description("A new sliding window starts every this many seconds.")
    @Default.Long(10)
    long getWindowPeriodSeconds();

    void setWindowPeriodSeconds(long windowPeriodSeconds);
  }

  /** The options as typed values. */
  public record Config(Duration windowSize, Duration windowPeriod, Triggering triggering) {
    public static Config from(Options options) {
      return new Config(
          Duration.standardSeconds(options.getWindowSizeSeconds()),
          Duration.standardSeconds(options.getWindowPeriodSeconds()),
          WindowedOptions.triggering(options));
    }

    /** When a bid is too late for every sliding window it falls in. */
    public Lateness lateness() {
      return Lateness.of(
          SlidingWindows.of(windowSize).every(windowPeriod), triggering, Event.Type.BID);
    }
  }

  /** Source, hottest auctions per sliding window, sink. */
  public static PCollection<HotAuction> build(Pipeline pipeline, Config config, Edges edges) {
    PCollection<HotAuction> hottest =
        edges
            .readEvents(pipeline, config.lateness())
            .apply("SelectBids", SelectEvents.bids())
            .apply(
                "FindHotAuctions",
                FindHotAuctions.inSlidingWindows(
                    config.windowSize(), config.windowPeriod(), config.triggering()));
    edges.writeResults(hottest);
    return hottest;
  }
}
