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

  @Description(
      "Give up (and stop the new version) if it has not caught up after this many seconds.")
  @Default.Long(3_600)
  long getCatchUpTimeoutSeconds();

  void setCatchUpTimeoutSeconds(long catchUpTimeoutSeconds);

  @Description(
      "Keep the old version's table this many hours after the switch, for 'kappa switch' back;"
          + " a later reprocess of the pipeline drops it once they have passed.")
  @Default.Long(24)
  long getRetainOldHours();

  void setRetainOldHours(long retainOldHours);

  @Description("Drop the old version's table right after the switch instead of retaining it.")
  @Default.Boolean(false)
  boolean getDropOld();

  void setDropOld(boolean dropOld);

  @Description(
      "Refuse to switch if the new version sent more than this share of the records it read to"
          + " dead letters (0.01: 1%).")
  @Default.Double(0.01)
  double getMaxDeadLetterShare();

  void setMaxDeadLetterShare(double maxDeadLetterShare);

  @Description(
      "After the switch, stop the new version once its writes go quiet (its final panes are in),"
          + " instead of keeping it running as the live job.")
  @Default.Boolean(false)
  boolean getStopAfterSwitch();

  void setStopAfterSwitch(boolean stopAfterSwitch);

  @Description(
      "Before the switch, check the caught-up version against a replay of the topic ('kappa"
          + " verify'), and refuse (exit 3) unless they are equal in every window final in both.")
  @Default.Boolean(false)
  boolean getVerify();

  void setVerify(boolean verify);
}
