package dev.kappa.pipelines.serving;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;

/**
 * The SQL of one versioned result table ({@code auction_stats_v1}): its DDL and the statements
 * that write one pane row, derived from the result's schema (columns are the fields in snake case,
 * plus {@code updated_at}) and its {@link ServingTable}.
 */
final class ResultTable implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String WINDOW_START = "window_start";
  static final String WINDOW_END = "window_end";
  static final String PANE_INDEX = "pane_index";
  static final String TIMING = "timing";

  private final String name;
  private final List<String> columns;
  private final List<String> types;
  private final List<String> key;
  private final List<String> entityKey;
  private final ServingTable.Replace replace;
  private final String upsert;
  private final String replaced;

  ResultTable(String name, Schema schema, ServingTable serving) {
    this.name = name;
    this.columns = new ArrayList<>();
    this.types = new ArrayList<>();
    for (Schema.Field field : schema.getFields()) {
      columns.add(column(field.getName()));
      types.add(sqlType(field.getType()));
    }
    this.entityKey =
        serving.keyFields().stream().map(ResultTable::column).collect(Collectors.toList());
    for (String keyColumn : entityKey) {
      if (!columns.contains(keyColumn)) {
        throw new IllegalArgumentException("key field " + keyColumn + " is not a result field");
      }
    }
    this.key = new ArrayList<>(entityKey);
    if (windowed()) {
      key.add(WINDOW_START);
      key.add(WINDOW_END);
    } else if (serving.replace() != ServingTable.Replace.SAME_KEY) {
      throw new IllegalArgumentException(serving.replace() + " needs windowed results");
    }
    this.replace = serving.replace();
    this.upsert = buildUpsert();
    this.replaced = buildReplaced();
  }

  String name() {
    return name;
  }

  ServingTable.Replace replace() {
    return replace;
  }

  int columnCount() {
    return columns.size();
  }

  int columnIndex(String column) {
    return columns.indexOf(column);
  }

  List<String> entityKey() {
    return entityKey;
  }

  boolean windowed() {
    return columns.contains(WINDOW_START) && columns.contains(WINDOW_END)
        && columns.contains(PANE_INDEX) && columns.contains(TIMING);
  }

  String createTable() {
    List<String> definitions = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      definitions.add(columns.get(i) + " " + types.get(i) + " NOT NULL");
    }
    definitions.add("updated_at timestamptz NOT NULL DEFAULT now()");
    definitions.add("PRIMARY KEY (" + String.join(", ", key) + ")");
    return "CREATE TABLE IF NOT EXISTS " + name + " (" + String.join(", ", definitions) + ")";
  }

  /**
   * Inserts a row, or overwrites the row of the same key and window unless that row comes from a
   * later pane (see {@link #paneOrder}). Parameters: the columns in order, then those of the
   * stale-row guard.
   */
  String upsert() {
    return upsert;
  }

  /**
   * What a new pane row removes before it is written: older panes of its window (whole windows),
   * or the sessions of its key it covers (sessions); null when it removes nothing. Parameters:
   * those of the stale-row guard.
   */
  String replaced() {
    return replaced;
  }

  private String buildUpsert() {
    String placeholders = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
    String updates =
        columns.stream()
                .filter(c -> !key.contains(c))
                .map(c -> c + " = EXCLUDED." + c)
                .collect(Collectors.joining(", "))
            + ", updated_at = now()";
    String newerPaneWins =
        windowed()
            ? " WHERE " + paneOrder(name + "." + TIMING, name + "." + PANE_INDEX) + " <= "
                + paneOrder("EXCLUDED." + TIMING, "EXCLUDED." + PANE_INDEX)
            : "";
    return "INSERT INTO " + name + " (" + String.join(", ", columns) + ") SELECT " + placeholders
        + guard() + " ON CONFLICT (" + String.join(", ", key) + ") DO UPDATE SET " + updates
        + newerPaneWins;
  }

  /**
   * The order of panes of one window, as a SQL row value: by timing (early, then on time or
   * unlabelled, then late), then by pane index. Pane indexes alone are not enough: after a
   * restore from a checkpoint the runner fires a window's panes again from the checkpointed state,
   * and processing-time early firings make their count differ from the first attempt's, so the
   * on-time pane of the second attempt may carry a lower index than an early pane the first
   * attempt wrote before it failed (seen on Flink in the TaskManager fault test). Within one
   * timing, a retried or replayed older pane still never undoes a newer one.
   */
  static String paneOrder(String timing, String paneIndex) {
    return "(CASE " + timing + " WHEN 'EARLY' THEN 0 WHEN 'LATE' THEN 2 ELSE 1 END, " + paneIndex
        + ")";
  }

  /** {@link #paneOrder} of the pane whose timing and index are the next two parameters. */
  private static String paneOrderParameters() {
    return paneOrder("CAST(? AS text)", "CAST(? AS bigint)");
  }

  /**
   * The condition under which a row is stale on arrival: a later pane of its window was already
   * written (whole windows), or a session that covers it (sessions). Parameters follow the
   * columns: window start, window end, then timing and pane index, or the entity key.
   */
  private String guard() {
    switch (replace) {
      case WHOLE_WINDOW:
        return " WHERE NOT EXISTS (SELECT 1 FROM " + name + " WHERE " + WINDOW_START
            + " = ? AND " + WINDOW_END + " = ? AND " + paneOrder(TIMING, PANE_INDEX) + " > "
            + paneOrderParameters() + ")";
      case ABSORBED_SESSIONS:
        return " WHERE NOT EXISTS (SELECT 1 FROM " + name + " WHERE " + WINDOW_START
            + " <= ? AND " + WINDOW_END + " >= ? AND (" + WINDOW_START + ", " + WINDOW_END
            + ") <> (?, ?)" + entityMatch() + ")";
      default:
        return "";
    }
  }

  private String buildReplaced() {
    switch (replace) {
      case WHOLE_WINDOW:
        return "DELETE FROM " + name + " WHERE " + WINDOW_START + " = ? AND " + WINDOW_END
            + " = ? AND " + paneOrder(TIMING, PANE_INDEX) + " < " + paneOrderParameters();
      case ABSORBED_SESSIONS:
        return "DELETE FROM " + name + " WHERE " + WINDOW_START + " >= ? AND " + WINDOW_END
            + " <= ? AND (" + WINDOW_START + ", " + WINDOW_END + ") <> (?, ?)" + entityMatch();
      default:
        return null;
    }
  }

  private String entityMatch() {
    return entityKey.stream().map(c -> " AND " + c + " = ?").collect(Collectors.joining());
  }

  /** {@code windowStart} → {@code window_start}. */
  static String column(String field) {
    return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  private static String sqlType(Schema.FieldType type) {
    switch (type.getTypeName()) {
      case INT64:
        return "bigint";
      case INT32:
      case INT16:
        return "integer";
      case DOUBLE:
      case FLOAT:
        return "double precision";
      case BOOLEAN:
        return "boolean";
      case STRING:
        return "text";
      default:
        throw new IllegalArgumentException("no SQL column type for result field type " + type);
    }
  }
}
