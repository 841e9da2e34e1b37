package dev.kappa.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import dev.kappa.model.Bid;
import dev.kappa.results.HotAuction;
import dev.kappa.windowing.Triggering;
import dev.kappa.windowing.WindowPane;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Per sliding event-time window, the auction(s) with the most bids (NEXMark Q5); ties are all
 * reported. One grouping per window keeps every pane self-consistent: a pane's rows are the top
 * auctions of that pane, never a mix of an old and a new count.
 */
public final class FindHotAuctions extends PTransform<PCollection<Bid>, PCollection<HotAuction>> {
  private final Duration windowSize;
  private final Duration windowPeriod;
  private final Triggering triggering;

  private FindHotAuctions(Duration windowSize, Duration windowPeriod, Triggering triggering) {
    this.windowSize = windowSize;
    this.windowPeriod = windowPeriod;
    this.triggering = triggering;
  }

  public static FindHotAuctions inSlidingWindows(
      Duration windowSize, Duration windowPeriod, Triggering triggering) {
    return new FindHotAuctions(windowSize, windowPeriod, triggering);
  }

  @Override
  public PCollection<HotAuction> expand(PCollection<Bid> bids) {
    checkArgument(
        windowSize.isLongerThan(Duration.ZERO), "windowSize must be > 0, got %s", windowSize);
    checkArgument(
        windowPeriod.isLongerThan(Duration.ZERO) && !windowPeriod.isLongerThan(windowSize),
        "windowPeriod must be > 0 and <= windowSize (%s), got %s",
        windowSize,
        windowPeriod);
    return bids.apply(
            "WindowBids",
            triggering.applyTo(Window.<Bid>into(SlidingWindows.of(windowSize).every(windowPeriod))))
        .apply("ToAuctionIds", MapElements.into(TypeDescriptors.longs()).via(Bid::getAuction))
        .apply("CountAndKeepTop", CombineWithLifting.globally(new TopAuctionsFn()))
        .apply("ToHotAuctions", ParDo.of(new ToHotAuctionsFn()));
  }

  /** Bids per auction; the output keeps only the auctions with the most. */
  static final class TopAuctionsFn
      extends Combine.CombineFn<Long, Map<Long, Long>, Map<Long, Long>> {
    private static final Coder<Map<Long, Long>> CODER =
        MapCoder.of(VarLongCoder.of(), VarLongCoder.of());

    @Override
    public Map<Long, Long> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<Long, Long> addInput(Map<Long, Long> counts, Long auction) {
      counts.merge(auction, 1L, Long::sum);
      return counts;
    }

    @Override
    public Map<Long, Long> mergeAccumulators(Iterable<Map<Long, Long>> accumulators) {
      Map<Long, Long> merged = createAccumulator();
      for (Map<Long, Long> counts : accumulators) {
        counts.forEach((auction, count) -> merged.merge(auction, count, Long::sum));
      }
      return merged;
    }

    @Override
    public Map<Long, Long> extractOutput(Map<Long, Long> counts) {
      long top = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
      Map<Long, Long> hottest = new HashMap<>();
      counts.forEach(
          (auction, count) -> {
            if (count == top) {
              hottest.put(auction, count);
            }
          });
      return hottest;
    }

    @Override
    public Coder<Map<Long, Long>> getAccumulatorCoder(CoderRegistry registry, Coder<Long> in) {
      return CODER;
    }

    @Override
    public Coder<Map<Long, Long>> getDefaultOutputCoder(CoderRegistry registry, Coder<Long> in) {
      return CODER;
    }
  }

  static final class ToHotAuctionsFn extends DoFn<Map<Long, Long>, HotAuction> {
    @ProcessElement
    public void processElement(
        @Element Map<Long, Long> hottest,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<HotAuction> out) {
      WindowPane windowPane = WindowPane.of(window, pane);
      hottest.forEach((auction, bids) -> out.output(HotAuction.of(auction, bids, windowPane)));
    }
  }
}
