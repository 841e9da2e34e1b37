package dev.kappa.launcher;

import dev.kappa.launcher.serving.ServedRow;
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
 * differences: late panes may still change them.
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

  /** One key and window whose rows differ; an absent side is null. */
  record Difference(
      Kind kind,
      List<Object> key,
      long windowStart,
      long windowEnd,
      Map<String, Object> live,
      Map<String, Object> replay) {}

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
  }

  /** {@code live} against {@code replay}, late panes allowed for {@code allowedLatenessMillis}. */
  static Outcome of(List<ServedRow> live, List<ServedRow> replay, long allowedLatenessMillis) {
    OptionalLong watermark =
        live.stream().filter(ServedRow::finalPane).mapToLong(ServedRow::windowEnd).max();
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
                r == null ? null : r.answer()));
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
