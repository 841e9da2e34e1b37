package dev.kappa.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import dev.kappa.model.Bid;
import dev.kappa.results.AuctionStats;
import dev.kappa.windowing.Triggering;
import dev.kappa.windowing.WindowPane;
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
 * Per auction and fixed event-time window: the number of bids, the highest and the total price, one
 * {@link AuctionStats} per pane that the {@link Triggering} fires.
 */
public final class ComputeAuctionStats
    extends PTransform<PCollection<Bid>, PCollection<AuctionStats>> {
  private final Duration windowSize;
  private final Triggering triggering;

  private ComputeAuctionStats(Duration windowSize, Triggering triggering) {
    this.windowSize = windowSize;
    this.triggering = triggering;
  }

  public static ComputeAuctionStats inFixedWindows(Duration windowSize, Triggering triggering) {
    return new ComputeAuctionStats(windowSize, triggering);
  }

  @Override
  public PCollection<AuctionStats> expand(PCollection<Bid> bids) {
    checkArgument(
        windowSize.isLongerThan(Duration.ZERO), "windowSize must be > 0, got %s", windowSize);
    return bids.apply(
            "WindowBids", triggering.applyTo(Window.<Bid>into(FixedWindows.of(windowSize))))
        .apply(
            "KeyPriceByAuction",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.longs()))
                .via(bid -> KV.of(bid.getAuction(), bid.getPrice())))
        .apply("SummarizePrices", CombineWithLifting.perKey(new PriceSummary.SummarizePricesFn()))
        .apply("ToAuctionStats", ParDo.of(new ToAuctionStatsFn()));
  }

  static final class ToAuctionStatsFn extends DoFn<KV<Long, PriceSummary>, AuctionStats> {
    @ProcessElement
    public void processElement(
        @Element KV<Long, PriceSummary> summary,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<AuctionStats> out) {
      out.output(
          AuctionStats.of(
              summary.getKey(),
              summary.getValue().count,
              summary.getValue().max,
              summary.getValue().total,
              WindowPane.of(window, pane)));
    }
  }
}
