package dev.kappa.windowing;

import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;

/**
 * Where a result sits in event time and how final it is: the window bounds (epoch ms, end
 * exclusive) and the pane's timing (EARLY, ON_TIME, LATE or UNKNOWN), index and last flag. Every
 * windowed result row carries these five values, so a reader knows what a number means.
 */
public final class WindowPane {
  private final long windowStart;
  private final long windowEnd;
  private final String timing;
  private final long paneIndex;
  private final boolean isLast;

  private WindowPane(long windowStart, long windowEnd, PaneInfo pane) {
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
    this.timing = pane.getTiming().name();
    this.paneIndex = pane.getIndex();
    this.isLast = pane.isLast();
  }

  /**
   * The pane of an interval window, or of the global window (bounds: Beam's earliest timestamp and
   * the global window's end), whose results are updated pane by pane and never close.
   */
  public static WindowPane of(BoundedWindow window, PaneInfo pane) {
    if (window instanceof GlobalWindow) {
      return new WindowPane(
          BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis(), window.maxTimestamp().getMillis(), pane);
    }
    if (!(window instanceof IntervalWindow)) {
      throw new IllegalArgumentException(
          "windowed results need interval or global windows, got "
              + window.getClass().getSimpleName());
    }
    IntervalWindow interval = (IntervalWindow) window;
    return new WindowPane(interval.start().getMillis(), interval.end().getMillis(), pane);
  }

  public long windowStart() {
    return windowStart;
  }

  public long windowEnd() {
    return windowEnd;
  }

  public String timing() {
    return timing;
  }

  public long paneIndex() {
    return paneIndex;
  }

  public boolean isLast() {
    return isLast;
  }
}
