package dev.kappa.launcher.serving;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of a windowed result table as readers get it: its key, its window (epoch ms) and its
 * answer: every other column but those that only say which pane wrote it and when, by name, in the
 * table's order.
 */
public record ServedRow(
    List<Object> key, long windowStart, long windowEnd, Map<String, Object> answer) {
  public ServedRow {
    key = List.copyOf(key);
    answer = Collections.unmodifiableMap(new LinkedHashMap<>(answer));
  }
}
