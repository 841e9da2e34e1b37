package dev.kappa.pipelines.serving;

import java.io.Serializable;
import java.util.List;

/**
 * How a pipeline's results live in the serving database: the result fields that identify a row
 * (with {@code window_start} and {@code window_end} added for windowed results) and how a new pane
 * replaces what an earlier pane wrote.
 */
public record ServingTable(List<String> keyFields, Replace replace) implements Serializable {

  /** What a pane's rows replace. */
  public enum Replace {
    /** The row with the same key and window: a later pane overwrites an earlier one. */
    SAME_KEY,
    /**
     * Every row of the same window: the pane's set of rows can change (the hottest auction of an
     * early pane may not be the hottest at the watermark).
     */
    WHOLE_WINDOW,
    /** Rows of the same key whose windows the new one covers: sessions it absorbed by merging. */
    ABSORBED_SESSIONS
  }

  public ServingTable {
    keyFields = List.copyOf(keyFields);
    if (keyFields.isEmpty() && replace != Replace.WHOLE_WINDOW) {
      throw new IllegalArgumentException("a serving table needs key fields");
    }
  }

  /** The key fields as the result table's columns ({@code auctionId} → {@code auction_id}). */
  public List<String> keyColumns() {
    return keyFields.stream().map(ResultTable::column).toList();
  }

  public static ServingTable keyedBy(String... fields) {
    return new ServingTable(List.of(fields), Replace.SAME_KEY);
  }

  public static ServingTable wholeWindowsKeyedBy(String... fields) {
    return new ServingTable(List.of(fields), Replace.WHOLE_WINDOW);
  }

  public static ServingTable sessionsKeyedBy(String... fields) {
    return new ServingTable(List.of(fields), Replace.ABSORBED_SESSIONS);
  }
}
