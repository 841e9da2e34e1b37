package dev.kappa.pipelines;

import dev.kappa.model.Event;
import dev.kappa.pipelines.options.FixedWindowOptions;
import dev.kappa.pipelines.options.WindowedOptions;
import dev.kappa.windowing.Lateness;
import dev.kappa.windowing.Triggering;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.joda.time.Duration;

/** The typed config of a pipeline over fixed windows: their length and the shared trigger. */
public record FixedWindowConfig(Duration windowSize, Triggering triggering) {
  public static FixedWindowConfig from(FixedWindowOptions options) {
    return of(options.getWindowSizeSeconds(), options);
  }

  /** When an event of {@code types}, the ones the pipeline windows, is too late for them. */
  public Lateness lateness(Event.Type... types) {
    return Lateness.of(FixedWindows.of(windowSize), triggering, types);
  }

  /** For pipelines that declare their own window-size option (with another default). */
  public static FixedWindowConfig of(long windowSizeSeconds, WindowedOptions options) {
    return new FixedWindowConfig(
        Duration.standardSeconds(windowSizeSeconds), WindowedOptions.triggering(options));
  }
}
