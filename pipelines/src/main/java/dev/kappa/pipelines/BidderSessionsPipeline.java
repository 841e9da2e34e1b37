package dev.kappa.pipelines;

import dev.kappa.model.Event;
import dev.kappa.pipelines.options.WindowedOptions;
import dev.kappa.pipelines.serving.ServingTable;
import dev.kappa.results.BidderSession;
import dev.kappa.transforms.CountBidderSessions;
import dev.kappa.transforms.SelectEvents;
import dev.kappa.windowing.Lateness;
import dev.kappa.windowing.Triggering;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/** {@code bidder-sessions} (NEXMark Q11): bids per bidder session. */
public final class BidderSessionsPipeline {
  public static final String NAME = "bidder-sessions";
  public static final KappaPipeline<Options> DEFINITION =
      new KappaPipeline<>(
          NAME,
          "Bids per bidder session, a session ending after a gap without bids (Q11)",
          Options.class,
          ServingTable.sessionsKeyedBy("bidder"),
          (pipeline, options, edges) -> build(pipeline, Config.from(options), edges));

  /** The options of {@code bidder-sessions}. */
  public interface Options extends WindowedOptions {
    @Description("A bidder's session ends after this many seconds of event time without a bid.")
    @Default.Long(10)
    long getSessionGapSeconds();

    void setSessionGapSeconds(long sessionGapSeconds);
  }

  /** The options as typed values. */
  public record Config(Duration sessionGap, Triggering triggering) {
    public static Config from(Options options) {
      return new Config(
          Duration.standardSeconds(options.getSessionGapSeconds()),
          WindowedOptions.triggering(options));
    }

    /** When a bid is too late for the session it opens on its own. */
    public Lateness lateness() {
      return Lateness.of(Sessions.withGapDuration(sessionGap), triggering, Event.Type.BID);
    }
  }

  /** Source, bids per bidder session, sink. */
  public static PCollection<BidderSession> build(Pipeline pipeline, Config config, Edges edges) {
    PCollection<BidderSession> sessions =
        edges
            .readEvents(pipeline, config.lateness())
            .apply("SelectBids", SelectEvents.bids())
            .apply(
                "CountBidderSessions",
                CountBidderSessions.withGap(config.sessionGap(), config.triggering()));
    edges.writeResults(sessions);
    return sessions;
  }
}
