package dev.kappa.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import dev.kappa.model.Bid;
import dev.kappa.results.HighestBid;
import dev.kappa.windowing.Triggering;
import dev.kappa.windowing.WindowPane;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Per fixed event-time window, the bid(s) with the highest price (NEXMark Q7): every bid that ties
 * for the top price is reported, one {@link HighestBid} per bid and pane.
 */
public final class FindHighestBids extends PTransform<PCollection<Bid>, PCollection<HighestBid>> {
  private final Duration windowSize;
  private final Triggering triggering;

  private FindHighestBids(Duration windowSize, Triggering triggering) {
    this.windowSize = windowSize;
    this.triggering = triggering;
  }

  public static FindHighestBids inFixedWindows(Duration windowSize, Triggering triggering) {
    return new FindHighestBids(windowSize, triggering);
  }

  @Override
  public PCollection<HighestBid> expand(PCollection<Bid> bids) {
    checkArgument(
        windowSize.isLongerThan(Duration.ZERO), "windowSize must be > 0, got %s", windowSize);
    return bids.apply(
            "WindowBids", triggering.applyTo(Window.<Bid>into(FixedWindows.of(windowSize))))
        .apply("KeepHighestPriced", CombineWithLifting.globally(new HighestPricedFn()))
        .apply("ToHighestBids", ParDo.of(new ToHighestBidsFn()));
  }

  /** All bids at the highest price seen so far. */
  static final class HighestPricedFn extends Combine.CombineFn<Bid, List<Bid>, List<Bid>> {
    @Override
    public List<Bid> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<Bid> addInput(List<Bid> highest, Bid bid) {
      long top = highest.isEmpty() ? Long.MIN_VALUE : highest.get(0).getPrice();
      if (bid.getPrice() > top) {
        highest.clear();
      }
      if (bid.getPrice() >= top) {
        highest.add(bid);
      }
      return highest;
    }

    @Override
    public List<Bid> mergeAccumulators(Iterable<List<Bid>> accumulators) {
      List<Bid> merged = createAccumulator();
      for (List<Bid> highest : accumulators) {
        for (Bid bid : highest) {
          addInput(merged, bid);
        }
      }
      return merged;
    }

    @Override
    public List<Bid> extractOutput(List<Bid> highest) {
      return highest;
    }

    @Override
    public Coder<List<Bid>> getAccumulatorCoder(CoderRegistry registry, Coder<Bid> bidCoder) {
      return ListCoder.of(bidCoder);
    }

    @Override
    public Coder<List<Bid>> getDefaultOutputCoder(CoderRegistry registry, Coder<Bid> bidCoder) {
      return ListCoder.of(bidCoder);
    }
  }

  static final class ToHighestBidsFn extends DoFn<List<Bid>, HighestBid> {
    @ProcessElement
    public void processElement(
        @Element List<Bid> highest,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<HighestBid> out) {
      WindowPane windowPane = WindowPane.of(window, pane);
      for (Bid bid : highest) {
        out.output(HighestBid.of(bid, windowPane));
      }
    }
  }
}
