package dev.kappa.windowing;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import dev.kappa.model.Event;
import java.io.Serializable;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * When a record is too late for a pipeline's windows: every window its event time falls in has
 * expired, its end plus the allowed lateness behind the watermark, the rule by which a runner drops
 * data ({@code window.maxTimestamp() + allowedLateness < watermark}). A record too late for only
 * some of its windows (sliding windows) is not: it still counts in the others, and the runner drops
 * it from the expired ones, as it would without Kappa. Sessions are judged by the window a record
 * opens on its own, {@code [t, t + gap)}, as runners judge them before merging.
 */
public final class Lateness implements Serializable {
  private static final long serialVersionUID = 1L;

  private final WindowFn<Object, ?> windows;
  private final Duration allowed;
  private final Set<Event.Type> windowed;

  private Lateness(WindowFn<Object, ?> windows, Duration allowed, Set<Event.Type> windowed) {
    this.windows = windows;
    this.allowed = allowed;
    this.windowed = windowed;
  }

  /**
   * Events of {@code types} assigned by {@code windows} and kept for {@code triggering}'s allowed
   * lateness; events of other types are never too late: the pipeline does not window them.
   */
  @SuppressWarnings("unchecked")
  public static Lateness of(WindowFn<?, ?> windows, Triggering triggering, Event.Type... types) {
    checkArgument(types.length > 0, "name the event types the pipeline windows");
    return new Lateness((WindowFn<Object, ?>) windows, triggering.allowedLateness(), Set.of(types));
  }

  /** No windows: nothing is ever too late (the pipeline keeps results per key, not per window). */
  public static Lateness none() {
    return new Lateness(null, Duration.ZERO, Set.of());
  }

  /** Whether events of {@code type} are windowed, so that they can be too late. */
  public boolean judges(Event.Type type) {
    return windowed.contains(type);
  }

  /**
   * Why a record with event time {@code eventTime} is too late at {@code watermark}, if it is: the
   * reason names the newest of its windows and when it expired.
   */
  public Optional<String> tooLate(Instant eventTime, Instant watermark) {
    if (windows == null || !eventTime.isBefore(watermark)) {
      return Optional.empty();
    }
    BoundedWindow newest = null;
    for (BoundedWindow window : assign(windows, eventTime)) {
      if (!window.maxTimestamp().plus(allowed).isBefore(watermark)) {
        return Optional.empty();
      }
      if (newest == null || window.maxTimestamp().isAfter(newest.maxTimestamp())) {
        newest = window;
      }
    }
    if (newest == null) {
      return Optional.empty();
    }
    return Optional.of(
        "too late: event time "
            + eventTime
            + ", window "
            + describe(newest)
            + " expired at watermark "
            + watermark
            + " (allowed lateness "
            + allowed.getStandardSeconds()
            + " s)");
  }

  /**
   * What a too-late reason says: the record's event time, its newest window's end, the watermark.
   */
  public record Expired(Instant eventTime, Instant windowEnd, Instant watermark) {
    /** The allowed lateness, in whole seconds, that would have kept the record. */
    public long latenessToKeepSeconds() {
      long millis = watermark.getMillis() - (windowEnd.getMillis() - 1);
      return (millis + 999) / 1000;
    }
  }

  /** The facts in a reason {@link #tooLate} wrote; none for any other reason. */
  public static Optional<Expired> parse(String reason) {
    Matcher m = REASON.matcher(reason);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new Expired(
            Instant.parse(m.group(1)), Instant.parse(m.group(2)), Instant.parse(m.group(3))));
  }

  private static final Pattern REASON =
      Pattern.compile(
          "too late: event time (\\S+), window \\[\\S+, (\\S+)\\) expired at watermark (\\S+)"
              + " \\(allowed lateness \\d+ s\\)");

  private static <W extends BoundedWindow> Collection<W> assign(
      WindowFn<Object, W> windows, Instant eventTime) {
    try {
      return windows.assignWindows(
          windows.new AssignContext() {
            @Override
            public Object element() {
              return null;
            }

            @Override
            public Instant timestamp() {
              return eventTime;
            }

            @Override
            public BoundedWindow window() {
              return GlobalWindow.INSTANCE;
            }
          });
    } catch (Exception e) {
      throw new IllegalStateException("assigning windows to " + eventTime, e);
    }
  }

  private static String describe(BoundedWindow window) {
    if (window instanceof IntervalWindow interval) {
      return "[" + interval.start() + ", " + interval.end() + ")";
    }
    return window.toString();
  }
}
