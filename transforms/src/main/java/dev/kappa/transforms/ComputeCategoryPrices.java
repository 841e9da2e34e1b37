package dev.kappa.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import dev.kappa.model.Event;
import dev.kappa.results.CategoryPrice;
import dev.kappa.windowing.Triggering;
import dev.kappa.windowing.WindowPane;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Per category and fixed window over the auctions' expiry time (NEXMark Q4 on Q9's winning bids):
 * how many auctions closed with a winning bid, and their average winning price. Winners are decided
 * once the watermark passes an auction's expiry plus the allowed lateness, so bids placed before
 * the expiry but delivered late still count.
 */
public final class ComputeCategoryPrices
    extends PTransform<PCollection<Event>, PCollection<CategoryPrice>> {
  /** Bids whose auction never arrives are forgotten after an hour of event time. */
  static final Duration ORPHAN_BID_TTL = Duration.standardHours(1);

  private final Duration windowSize;
  private final Triggering triggering;

  private ComputeCategoryPrices(Duration windowSize, Triggering triggering) {
    this.windowSize = windowSize;
    this.triggering = triggering;
  }

  public static ComputeCategoryPrices inFixedWindows(Duration windowSize, Triggering triggering) {
    return new ComputeCategoryPrices(windowSize, triggering);
  }

  @Override
  public PCollection<CategoryPrice> expand(PCollection<Event> events) {
    checkArgument(
        windowSize.isLongerThan(Duration.ZERO), "windowSize must be > 0, got %s", windowSize);
    return events
        .apply(
            "FindWinningBids",
            FindWinningBids.waitingForLateBids(triggering.allowedLateness(), ORPHAN_BID_TTL))
        .apply(
            "KeyPriceByCategory",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.longs()))
                .via(winner -> KV.of(winner.getKey().getCategory(), winner.getValue().getPrice())))
        .apply(
            "WindowByExpiry",
            triggering.applyTo(Window.<KV<Long, Long>>into(FixedWindows.of(windowSize))))
        .apply("SummarizePrices", Combine.perKey(new PriceSummary.SummarizePricesFn()))
        .apply("ToCategoryPrices", ParDo.of(new ToCategoryPriceFn()));
  }

  static final class ToCategoryPriceFn extends DoFn<KV<Long, PriceSummary>, CategoryPrice> {
    @ProcessElement
    public void processElement(
        @Element KV<Long, PriceSummary> summary,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<CategoryPrice> out) {
      PriceSummary prices = summary.getValue();
      out.output(
          CategoryPrice.of(
              summary.getKey(),
              prices.count,
              (double) prices.total / prices.count,
              WindowPane.of(window, pane)));
    }
  }
}
