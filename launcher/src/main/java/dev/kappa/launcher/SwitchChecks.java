package dev.kappa.launcher;

import dev.kappa.launcher.serving.ServingReader.ResultWindow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The rules {@code kappa reprocess} decides by, apart from the I/O that gathers their facts: when
 * the new version has caught up, and whether it may serve (its dead-letter share, and whether it
 * answers every window the readers' version has final results for).
 */
final class SwitchChecks {
  private SwitchChecks() {}

  /** How close is close enough ({@link ReprocessOptions}). */
  record CatchUpLimits(long records, long seconds) {}

  /**
   * What the new version still waits for before it counts as caught up; empty when it has: read
   * past each partition's log end at its start, at most {@code limits.records()} behind the log end
   * now, and its event time within {@code limits.seconds()} of the readers' version.
   *
   * @param read how far it has read ({@link CatchUpProgress})
   * @param endsAtStart each partition's log end when it started
   * @param reached the newest event time in its table, if any
   * @param target the newest event time in the readers' table; none when no version serves
   */
  static List<String> stillMissing(
      CatchUpProgress read,
      Map<Integer, Long> endsAtStart,
      OptionalLong reached,
      OptionalLong target,
      CatchUpLimits limits) {
    List<String> missing = new ArrayList<>();
    if (!read.pastStart()) {
      List<String> partitions = new ArrayList<>();
      read.shortOfStart()
          .forEach(
              (partition, offset) ->
                  partitions.add(
                      String.format(
                          Locale.ROOT,
                          "%d (at %,d of %,d)",
                          partition,
                          offset,
                          endsAtStart.get(partition))));
      missing.add(
          partitions.size() == 1
              ? "partition " + partitions.get(0) + " to pass its log end at start"
              : "partitions " + String.join(", ", partitions) + " to pass their log ends at start");
    }
    if (read.behind() > limits.records()) {
      missing.add("at most " + limits.records() + " records behind");
    }
    boolean timeDone =
        target.isEmpty()
            || (reached.isPresent()
                && reached.getAsLong() >= target.getAsLong() - limits.seconds() * 1000);
    if (!timeDone) {
      missing.add("event time within " + limits.seconds() + " s of the readers'");
    }
    return missing;
  }

  /**
   * What a version reprocessed with {@code --archive} still has to read of the archive, if
   * anything: its Kafka positions can pass the log end while the archive's part is still being
   * read, and its early panes can reach the readers' event time meanwhile.
   */
  static Optional<String> archiveStillMissing(long archived, long read) {
    if (read >= archived) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(Locale.ROOT, "the archive's %,d records (read %,d)", archived, read));
  }

  /** Why the version must not serve for its dead letters: over {@code maxShare} of what it read. */
  static Optional<String> deadLetterRefusal(long read, long deadLetters, double maxShare) {
    if (read > 0 && deadLetters > maxShare * read) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "%,d of the %,d records it read went to dead"
                  + " letters, more than --maxDeadLetterShare=%s",
              deadLetters,
              read,
              maxShare));
    }
    return Optional.empty();
  }

  /**
   * How many windows the readers' version has final (on-time or late) results for, ending at or
   * before {@code until} (the new version's event time reached, epoch ms), that no window of the
   * new version overlaps in time: stretches of event time the new version would leave unanswered.
   * Compared by time, not equality, so a version with other window sizes is judged fairly. A new
   * window counts whatever its panes: when nothing arrives after a key's last early pane no on-time
   * pane follows ({@code FIRE_IF_NON_EMPTY}), so a window's final answer may be labelled EARLY
   * (counting only final labels refused a correct version on the Flink cluster, every key of its
   * last window early). Only windows ending at or before the new version's newest window are
   * judged: one past it has no results there yet (none while it has none).
   */
  static long uncoveredWindows(
      List<ResultWindow> readers, List<ResultWindow> candidate, long until) {
    if (candidate.isEmpty()) {
      return 0;
    }
    // Sorted by start, with the furthest end among each prefix: a window [s, e) is overlapped
    // if some candidate starting before e ends after s.
    long[][] byStart =
        candidate.stream()
            .map(w -> new long[] {w.start(), w.end()})
            .sorted(Comparator.comparingLong(w -> w[0]))
            .toArray(long[][]::new);
    long[] furthestEnd = new long[byStart.length];
    long newestEnd = Long.MIN_VALUE;
    for (int i = 0; i < byStart.length; i++) {
      newestEnd = Math.max(newestEnd, byStart[i][1]);
      furthestEnd[i] = newestEnd;
    }
    long judgedUntil = Math.min(until, newestEnd);
    long uncovered = 0;
    for (ResultWindow w : readers) {
      if (w.hasFinalPane() && w.end() <= judgedUntil && !overlapped(w, byStart, furthestEnd)) {
        uncovered++;
      }
    }
    return uncovered;
  }

  private static boolean overlapped(ResultWindow w, long[][] byStart, long[] furthestEnd) {
    int startingBefore = 0;
    int high = byStart.length;
    while (startingBefore < high) {
      int mid = (startingBefore + high) >>> 1;
      if (byStart[mid][0] < w.end()) {
        startingBefore = mid + 1;
      } else {
        high = mid;
      }
    }
    return startingBefore > 0 && furthestEnd[startingBefore - 1] > w.start();
  }
}
