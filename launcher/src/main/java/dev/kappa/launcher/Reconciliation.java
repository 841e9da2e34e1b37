package dev.kappa.launcher;

import dev.kappa.launcher.serving.ServedRow;
import dev.kappa.launcher.serving.ServingReader.ResultWindow;
import dev.kappa.launcher.serving.ServingReader.TooLateRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The rule {@code kappa verify} decides by, apart from the runs and queries that gather its facts:
 * a live version's served rows against a replay's, per key and window, over the windows that are
 * final in both. A replay's windows are all final (a bounded run ends with the watermark at
 * infinity). A live window is final once its allowed lateness has passed: the live watermark is at
 * least the newest window end any on-time or late pane has been written for, so a window is final
 * when its end plus the allowed lateness lies before that. Windows past it are "not final yet", not
 * differences: late panes may still change them. A difference is explained when the live version
 * found records of that window (by event time) too late and sent them to its dead letters, the one
 * way live and replay differ by design: a replay has no late data. Records too late make the live
 * row hold less; a live row that holds more in every number that differs points at a record counted
 * twice instead, as after a restore that read records a second time into panes already written:
 * named so, and still unexplained. A live row that differs otherwise, or is missing, while the live
 * version has not read every record the replay read may lack records it has not read yet ({@link
 * LiveReach}): named so too, and unexplained until a later verify.
 */
final class Reconciliation {
  /** Doubles (averages) summed in another order differ in their last bits. */
  private static final double RELATIVE_TOLERANCE = 1e-9;

  private Reconciliation() {}

  /** How a row of a window final in both differs. */
  enum Kind {
    /** Both have the key and window, with different answers. */
    DIFFERENT,
    /** Only the live version has a row for the key and window. */
    ONLY_LIVE,
    /** Only the replay has a row for the key and window. */
    ONLY_REPLAY
  }

  /** Why a row differs, as far as the rows and the dead letters show. */
  enum Cause {
    /** The live version found records of the window too late: explained. */
    TOO_LATE,
    /** The live row holds more in every number that differs: a record counted twice? */
    COUNTS_MORE,
    /**
     * The replay has a row the live version lacks or holds otherwise, and the live version has not
     * read every record the replay read: those records may be too late for this window once it
     * reads them. Unexplained until a verify after it has read them says otherwise.
     */
    NOT_READ_YET,
    /** Nothing known. */
    UNEXPLAINED
  }

  /**
   * One key and window whose rows differ; an absent side is null. {@code tooLate}: the records of
   * its window the live version found too late, which explain it; none when it is unexplained.
   * {@code liveBehind}: the live version had not read every record the replay read.
   */
  record Difference(
      Kind kind,
      List<Object> key,
      long windowStart,
      long windowEnd,
      Map<String, Object> live,
      Map<String, Object> replay,
      List<TooLateRecord> tooLate,
      boolean liveBehind) {
    boolean explained() {
      return !tooLate.isEmpty();
    }

    Cause cause() {
      if (explained()) {
        return Cause.TOO_LATE;
      }
      if (kind == Kind.DIFFERENT && countsMore(live, replay)) {
        return Cause.COUNTS_MORE;
      }
      // Records the live version has not read can only be missing from its row, never add one.
      return kind != Kind.ONLY_LIVE && liveBehind ? Cause.NOT_READ_YET : Cause.UNEXPLAINED;
    }
  }

  /**
   * The outcome: the live watermark's lower bound (windows ending more than the allowed lateness
   * before it are final; none when the live version has no final pane yet), the rows (keys and
   * windows) and windows compared, how many rows are equal, the differences in window then key
   * order, and the rows left out as not final yet.
   */
  record Outcome(
      OptionalLong liveWatermarkAtLeast,
      long windowsCompared,
      long rowsCompared,
      long equal,
      List<Difference> differences,
      long notFinalYet) {
    long count(Kind kind) {
      return differences.stream().filter(d -> d.kind() == kind).count();
    }

    long unexplained() {
      return differences.stream().filter(d -> !d.explained()).count();
    }

    /** The records too late that explain a difference, each once, in event-time order. */
    List<TooLateRecord> tooLate() {
      return differences.stream()
          .flatMap(d -> d.tooLate().stream())
          .distinct()
          .sorted(Comparator.comparing(r -> r.expired().eventTime()))
          .toList();
    }

    /** The allowed lateness that would have kept every record of {@link #tooLate}, if any. */
    OptionalLong latenessToKeepSeconds() {
      return tooLate().stream().mapToLong(r -> r.expired().latenessToKeepSeconds()).max();
    }
  }

  /**
   * A lower bound of the live watermark from the windows of its table: the newest window end an
   * on-time or late pane has been written for; none before the first.
   */
  static OptionalLong liveWatermark(List<ResultWindow> windows) {
    return windows.stream().filter(ResultWindow::hasFinalPane).mapToLong(ResultWindow::end).max();
  }

  /**
   * {@code live} against {@code replay}, the windows final by {@code watermark} ({@link
   * #liveWatermark}, taken before the live rows were read: a window that expired while they were
   * being gathered may hold records read after the replay's end) compared, late panes allowed for
   * {@code allowedLatenessMillis}; the live version found {@code tooLate} too late and had read the
   * replayed log as {@code reach} says.
   */
  static Outcome of(
      List<ServedRow> live,
      List<ServedRow> replay,
      OptionalLong watermark,
      long allowedLatenessMillis,
      List<TooLateRecord> tooLate,
      LiveReach reach) {
    boolean liveBehind = !reach.behind().isEmpty();
    List<TooLateRecord> byEventTime =
        tooLate.stream().sorted(Comparator.comparing(r -> r.expired().eventTime())).toList();
    Map<RowKey, ServedRow> liveRows = byKey(live);
    Map<RowKey, ServedRow> replayRows = byKey(replay);
    Set<RowKey> all = new HashSet<>(liveRows.keySet());
    all.addAll(replayRows.keySet());
    List<RowKey> compared = new ArrayList<>();
    long notFinalYet = 0;
    for (RowKey row : all) {
      boolean isFinal =
          watermark.isPresent() && row.windowEnd() + allowedLatenessMillis < watermark.getAsLong();
      if (isFinal) {
        compared.add(row);
      } else {
        notFinalYet++;
      }
    }
    compared.sort(
        Comparator.comparingLong(RowKey::windowEnd)
            .thenComparingLong(RowKey::windowStart)
            .thenComparing(row -> row.key().toString()));
    List<Difference> differences = new ArrayList<>();
    Set<List<Long>> windows = new HashSet<>();
    for (RowKey row : compared) {
      windows.add(List.of(row.windowStart(), row.windowEnd()));
      ServedRow l = liveRows.get(row);
      ServedRow r = replayRows.get(row);
      Kind kind =
          l == null
              ? Kind.ONLY_REPLAY
              : r == null
                  ? Kind.ONLY_LIVE
                  : sameAnswer(l.answer(), r.answer()) ? null : Kind.DIFFERENT;
      if (kind != null) {
        differences.add(
            new Difference(
                kind,
                row.key(),
                row.windowStart(),
                row.windowEnd(),
                l == null ? null : l.answer(),
                r == null ? null : r.answer(),
                inWindow(byEventTime, row.windowStart(), row.windowEnd()),
                liveBehind));
      }
    }
    return new Outcome(
        watermark,
        windows.size(),
        compared.size(),
        compared.size() - differences.size(),
        differences,
        notFinalYet);
  }

  /** The records of {@code byEventTime} whose event time falls in {@code [start, end)}. */
  private static List<TooLateRecord> inWindow(
      List<TooLateRecord> byEventTime, long start, long end) {
    int low = 0;
    int high = byEventTime.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (byEventTime.get(mid).expired().eventTime().getMillis() < start) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    List<TooLateRecord> in = new ArrayList<>();
    for (int i = low;
        i < byEventTime.size() && byEventTime.get(i).expired().eventTime().getMillis() < end;
        i++) {
      in.add(byEventTime.get(i));
    }
    return in;
  }

  private record RowKey(List<Object> key, long windowStart, long windowEnd) {}

  private static Map<RowKey, ServedRow> byKey(List<ServedRow> rows) {
    Map<RowKey, ServedRow> byKey = new LinkedHashMap<>();
    for (ServedRow row : rows) {
      byKey.put(new RowKey(row.key(), row.windowStart(), row.windowEnd()), row);
    }
    return byKey;
  }

  static boolean sameAnswer(Map<String, Object> live, Map<String, Object> replay) {
    if (!live.keySet().equals(replay.keySet())) {
      return false;
    }
    for (Map.Entry<String, Object> column : live.entrySet()) {
      if (!sameValue(column.getValue(), replay.get(column.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Whether every column that differs is a number, larger on the live side. */
  static boolean countsMore(Map<String, Object> live, Map<String, Object> replay) {
    for (Map.Entry<String, Object> column : live.entrySet()) {
      Object liveValue = column.getValue();
      Object replayValue = replay.get(column.getKey());
      if (sameValue(liveValue, replayValue)) {
        continue;
      }
      if (!(liveValue instanceof Number l)
          || !(replayValue instanceof Number r)
          || l.doubleValue() <= r.doubleValue()) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameValue(Object live, Object replay) {
    if (live instanceof Double || replay instanceof Double) {
      if (!(live instanceof Number) || !(replay instanceof Number)) {
        return false;
      }
      double a = ((Number) live).doubleValue();
      double b = ((Number) replay).doubleValue();
      double scale = Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
      return Math.abs(a - b) <= RELATIVE_TOLERANCE * scale;
    }
    return Objects.equals(live, replay);
  }
}
