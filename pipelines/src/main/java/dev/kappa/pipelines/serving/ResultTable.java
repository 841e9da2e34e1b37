package dev.kappa.pipelines.serving;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;

/**
 * The SQL of one versioned result table ({@code auction_stats_v1}): its DDL and the statements that
 * write one pane row, derived from the result's schema (columns are the fields in snake case, plus
 * {@code updated_at}) and its {@link ServingTable}. The columns every windowed result has are
 * public: readers and the launcher's checks query them.
 */
public final class ResultTable implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String WINDOW_START = "window_start";
  public static final String WINDOW_END = "window_end";
  public static final String PANE_INDEX = "pane_index";
  public static final String TIMING = "timing";

  /** The columns that say which pane wrote a row and when, not what the row answers. */
  public static final List<String> PANE_COLUMNS =
      List.of(PANE_INDEX, "is_last", TIMING, "updated_at");

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
    return columns.contains(WINDOW_START)
        && columns.contains(WINDOW_END)
        && columns.contains(PANE_INDEX)
        && columns.contains(TIMING);
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
   * Inserts a row, or overwrites the row of the same key and window: the last pane written wins.
   * That is right for a runner's output: one worker writes the panes of a key and window, in the
   * order it fires them, and after a restore from a checkpoint it fires them again, in order, from
   * the checkpointed state, so its last write is the final pane. (Comparing pane indexes is not: a
   * second attempt's panes may carry lower indexes than those the failed attempt had written, as
   * processing-time early firings differ between attempts; seen in the Flink fault test.) Sessions
   * keep one guard: a session already covered by a merged session is not written again. Parameters:
   * the columns in order, then those of the guard.
   */
  String upsert() {
    return upsert;
  }

  /**
   * What a new pane row removes before it is written: every row of its window from another pane
   * (whole windows; a pane's rows may span bundles, so its own siblings stay), or the sessions of
   * its key it covers (sessions); null when it removes nothing. Parameters: window start and end,
   * then the pane's timing and index (whole windows) or the entity key (sessions).
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
    String coveredSession =
        replace == ServingTable.Replace.ABSORBED_SESSIONS
            ? " WHERE NOT EXISTS (SELECT 1 FROM " + name + " WHERE " + sessionsCovering() + ")"
            : "";
    return "INSERT INTO "
        + name
        + " ("
        + String.join(", ", columns)
        + ") SELECT "
        + placeholders
        + coveredSession
        + " ON CONFLICT ("
        + String.join(", ", key)
        + ") DO UPDATE SET "
        + updates;
  }

  private String buildReplaced() {
    switch (replace) {
      case WHOLE_WINDOW:
        return "DELETE FROM "
            + name
            + " WHERE "
            + WINDOW_START
            + " = ? AND "
            + WINDOW_END
            + " = ? AND NOT ("
            + TIMING
            + " = ? AND "
            + PANE_INDEX
            + " = ?)";
      case ABSORBED_SESSIONS:
        return "DELETE FROM "
            + name
            + " WHERE "
            + WINDOW_START
            + " >= ? AND "
            + WINDOW_END
            + " <= ? AND ("
            + WINDOW_START
            + ", "
            + WINDOW_END
            + ") <> (?, ?)"
            + entityMatch();
      default:
        return null;
    }
  }

  /** Another session of the same key that covers this one: window start, end (twice), key. */
  private String sessionsCovering() {
    return WINDOW_START
        + " <= ? AND "
        + WINDOW_END
        + " >= ? AND ("
        + WINDOW_START
        + ", "
        + WINDOW_END
        + ") <> (?, ?)"
        + entityMatch();
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
