package dev.kappa.windowing;

import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
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

  public static WindowPane of(BoundedWindow window, PaneInfo pane) {
    if (!(window instanceof IntervalWindow)) {
      throw new IllegalArgumentException(
          "windowed results need interval windows, got " + window.getClass().getSimpleName());
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
