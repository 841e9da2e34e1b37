package dev.kappa.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of a pipeline over fixed 10-second event-time windows (the NEXMark default). */
public interface FixedWindowOptions extends WindowedOptions {
  @Description("Length of the fixed event-time windows, in seconds.")
  @Default.Long(10)
  long getWindowSizeSeconds();

  void setWindowSizeSeconds(long windowSizeSeconds);
}
