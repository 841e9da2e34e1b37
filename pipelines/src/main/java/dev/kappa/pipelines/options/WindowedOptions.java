package dev.kappa.pipelines.options;

import dev.kappa.windowing.Triggering;
import java.util.Locale;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.joda.time.Duration;

/** The trigger options every windowed pipeline shares; see {@link Triggering}. */
public interface WindowedOptions extends KappaOptions {
  @Description("Speculative early panes every this many seconds of processing time; 0: none.")
  @Default.Long(5)
  long getEarlyFiringSeconds();

  void setEarlyFiringSeconds(long earlyFiringSeconds);

  @Description("Late bids update a window for this many seconds of event time after it closes.")
  @Default.Long(30)
  long getAllowedLatenessSeconds();

  void setAllowedLatenessSeconds(long allowedLatenessSeconds);

  @Description(
      "'accumulating': each pane carries the whole window so far; 'discarding': only what is new"
          + " since the previous pane.")
  @Default.String("accumulating")
  String getAccumulation();

  void setAccumulation(String accumulation);

  /** The options as the typed value that windowed transforms take. */
  static Triggering triggering(WindowedOptions options) {
    Triggering.Accumulation accumulation;
    try {
      accumulation =
          Triggering.Accumulation.valueOf(options.getAccumulation().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--accumulation must be 'accumulating' or 'discarding', got '"
              + options.getAccumulation()
              + "'",
          e);
    }
    return Triggering.of(
        Duration.standardSeconds(options.getEarlyFiringSeconds()),
        Duration.standardSeconds(options.getAllowedLatenessSeconds()),
        accumulation);
  }
}
