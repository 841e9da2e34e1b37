package dev.kappa.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import dev.kappa.model.Bid;
import dev.kappa.results.AuctionStats;
import dev.kappa.windowing.Triggering;
import dev.kappa.windowing.WindowPane;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.VarLongCoder;
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
 * Per auction and fixed event-time window: the number of bids, the highest and the total price,
 * one {@link AuctionStats} per pane that the {@link Triggering} fires.
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
        .apply("SummarizePrices", CombineWithLifting.perKey(new SummarizePricesFn()))
        .apply("ToAuctionStats", ParDo.of(new ToAuctionStatsFn()));
  }

  /** Count, maximum and total of a group of prices; mutable, as Beam accumulators may be. */
  static final class PriceSummary {
    long count;
    long max;
    long total;
  }

  static final class SummarizePricesFn extends Combine.CombineFn<Long, PriceSummary, PriceSummary> {
    @Override
    public PriceSummary createAccumulator() {
      return new PriceSummary();
    }

    @Override
    public PriceSummary addInput(PriceSummary summary, Long price) {
      summary.count++;
      summary.max = Math.max(summary.max, price);
      summary.total += price;
      return summary;
    }

    @Override
    public PriceSummary mergeAccumulators(Iterable<PriceSummary> summaries) {
      PriceSummary merged = new PriceSummary();
      for (PriceSummary summary : summaries) {
        merged.count += summary.count;
        merged.max = Math.max(merged.max, summary.max);
        merged.total += summary.total;
      }
      return merged;
    }

    @Override
    public PriceSummary extractOutput(PriceSummary summary) {
      return summary;
    }

    @Override
    public Coder<PriceSummary> getAccumulatorCoder(
        CoderRegistry registry, Coder<Long> inputCoder) {
      return PriceSummaryCoder.INSTANCE;
    }

    @Override
    public Coder<PriceSummary> getDefaultOutputCoder(
        CoderRegistry registry, Coder<Long> inputCoder) {
      return PriceSummaryCoder.INSTANCE;
    }
  }

  static final class PriceSummaryCoder extends AtomicCoder<PriceSummary> {
    static final PriceSummaryCoder INSTANCE = new PriceSummaryCoder();
    private static final VarLongCoder LONGS = VarLongCoder.of();

    @Override
    public void encode(PriceSummary summary, OutputStream out) throws IOException {
      LONGS.encode(summary.count, out);
      LONGS.encode(summary.max, out);
      LONGS.encode(summary.total, out);
    }

    @Override
    public PriceSummary decode(InputStream in) throws IOException {
      PriceSummary summary = new PriceSummary();
      summary.count = LONGS.decode(in);
      summary.max = LONGS.decode(in);
      summary.total = LONGS.decode(in);
      return summary;
    }
  }

  static final class ToAuctionStatsFn extends DoFn<KV<Long, PriceSummary>, AuctionStats> {
    @ProcessElement
    public void processElement(
        @Element KV<Long, PriceSummary> summary,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<AuctionStats> out) {
      out.output(
          AuctionStats.builder()
              .setAuction(summary.getKey())
              .setBids(summary.getValue().count)
              .setMaxPrice(summary.getValue().max)
              .setTotalPrice(summary.getValue().total)
              .setPane(WindowPane.of(window, pane))
              .build());
    }
  }
}
