package dev.kappa.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import dev.kappa.model.Bid;
import dev.kappa.results.BidderSession;
import dev.kappa.windowing.Triggering;
import dev.kappa.windowing.WindowPane;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Bids per bidder session (NEXMark Q11): a session ends after {@code gap} of event time without a
 * bid from that bidder. Beam merges sessions as bids arrive, so a late bid can join two sessions
 * into one; the merged session's pane then replaces both.
 */
public final class CountBidderSessions
    extends PTransform<PCollection<Bid>, PCollection<BidderSession>> {
  private final Duration gap;
  private final Triggering triggering;

  private CountBidderSessions(Duration gap, Triggering triggering) {
    this.gap = gap;
    this.triggering = triggering;
  }

  public static CountBidderSessions withGap(Duration gap, Triggering triggering) {
    return new CountBidderSessions(gap, triggering);
  }

  @Override
  public PCollection<BidderSession> expand(PCollection<Bid> bids) {
    checkArgument(gap.isLongerThan(Duration.ZERO), "session gap must be > 0, got %s", gap);
    return bids.apply(
            "WindowIntoSessions",
            triggering.applyTo(Window.<Bid>into(Sessions.withGapDuration(gap))))
        .apply("ToBidderIds", MapElements.into(TypeDescriptors.longs()).via(Bid::getBidder))
        .apply("CountPerBidder", Count.perElement())
        .apply("ToBidderSessions", ParDo.of(new ToBidderSessionFn()));
  }

  static final class ToBidderSessionFn extends DoFn<KV<Long, Long>, BidderSession> {
    @ProcessElement
    public void processElement(
        @Element KV<Long, Long> bidsPerBidder,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<BidderSession> out) {
      out.output(
          BidderSession.of(
              bidsPerBidder.getKey(), bidsPerBidder.getValue(), WindowPane.of(window, pane)));
    }
  }
}
