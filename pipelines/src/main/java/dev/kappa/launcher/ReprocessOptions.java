package dev.kappa.launcher;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The options of {@code kappa reprocess}, on top of the pipeline's own. */
public interface ReprocessOptions extends PipelineOptions {
  @Description("Caught up when at most this many records behind the log end.")
  @Default.Long(1_000)
  long getCatchUpRecords();

  void setCatchUpRecords(long catchUpRecords);

  @Description("Caught up when its event time is within this many seconds of the readers' version.")
  @Default.Long(30)
  long getCatchUpSeconds();

  void setCatchUpSeconds(long catchUpSeconds);

  @Description("Give up (and stop the new version) if it has not caught up after this many seconds.")
  @Default.Long(3_600)
  long getCatchUpTimeoutSeconds();

  void setCatchUpTimeoutSeconds(long catchUpTimeoutSeconds);

  @Description("Keep the old version's table after the switch instead of dropping it.")
  @Default.Boolean(false)
  boolean getKeepOld();

  void setKeepOld(boolean keepOld);

  @Description(
      "After the switch, stop the new version once its writes go quiet (its final panes are in),"
          + " instead of keeping it running as the live job.")
  @Default.Boolean(false)
  boolean getStopAfterSwitch();

  void setStopAfterSwitch(boolean stopAfterSwitch);
}
