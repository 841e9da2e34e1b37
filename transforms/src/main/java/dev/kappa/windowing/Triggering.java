package dev.kappa.windowing;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.joda.time.Duration;

/**
 * The trigger every windowed Kappa result uses: speculative early panes every {@link
 * #earlyFiring()} of processing time (none if zero), the on-time pane when the watermark passes the
 * window, then one late pane per late element until {@link #allowedLateness()} has passed (per late
 * bundle where the result is combined with {@code CombineWithLifting}, which folds the late values
 * of a bundle together).
 */
@AutoValue
public abstract class Triggering implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Whether a pane carries everything so far in its window or only what is new since the last. */
  public enum Accumulation {
    ACCUMULATING,
    DISCARDING
  }

  public abstract Duration earlyFiring();

  public abstract Duration allowedLateness();

  public abstract Accumulation accumulation();

  public static Triggering of(
      Duration earlyFiring, Duration allowedLateness, Accumulation accumulation) {
    checkArgument(
        !earlyFiring.isShorterThan(Duration.ZERO), "earlyFiring must be >= 0, got %s", earlyFiring);
    checkArgument(
        !allowedLateness.isShorterThan(Duration.ZERO),
        "allowedLateness must be >= 0, got %s",
        allowedLateness);
    return new AutoValue_Triggering(earlyFiring, allowedLateness, accumulation);
  }

  /** Adds this trigger, lateness and accumulation mode to a window assignment. */
  public <T> Window<T> applyTo(Window<T> window) {
    AfterWatermark.FromEndOfWindow onTime = AfterWatermark.pastEndOfWindow();
    AfterWatermark.AfterWatermarkEarlyAndLate trigger =
        onTime.withLateFirings(AfterPane.elementCountAtLeast(1));
    if (earlyFiring().isLongerThan(Duration.ZERO)) {
      trigger =
          trigger.withEarlyFirings(
              AfterProcessingTime.pastFirstElementInPane().plusDelayOf(earlyFiring()));
    }
    // FIRE_IF_NON_EMPTY: Flink's streaming runner otherwise emits a second, empty ON_TIME pane
    // per key and window when a job ends. It skips the on-time pane when nothing arrived since
    // the last early pane, in both modes (Beam clears a pane's non-empty mark at every firing):
    // the early pane then already held the final answer (ComputeAuctionStatsTest).
    Window<T> triggered =
        window
            .triggering(trigger)
            .withAllowedLateness(allowedLateness())
            .withOnTimeBehavior(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY);
    return accumulation() == Accumulation.ACCUMULATING
        ? triggered.accumulatingFiredPanes()
        : triggered.discardingFiredPanes();
  }
}
