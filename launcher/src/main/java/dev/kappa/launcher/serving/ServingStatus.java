package dev.kappa.launcher.serving;

import dev.kappa.pipelines.serving.JdbcTarget;
import dev.kappa.pipelines.serving.ResultTable;
import dev.kappa.pipelines.serving.ServingViews;
import dev.kappa.pipelines.serving.WriteDeadLetterTable;
import dev.kappa.transforms.DecodeEvents;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the serving database holds for a pipeline, for {@code kappa status}: every version's table
 * ({@code PIPELINE_VERSION}), which one the readers' view points at, how many rows each has and
 * when it was last written, the event time its final results have reached, its dead letters, and
 * the pipeline's switches. Read from the database alone, so it describes whatever wrote the tables.
 */
public final class ServingStatus {
  private static final int SWITCHES_SHOWN = 10;

  /** One version's table. */
  public record VersionState(
      String version,
      String table,
      boolean serving,
      long rows,
      Optional<Instant> newestUpdate,
      Optional<Instant> eventTimeReached,
      long deadLetters,
      long deadLettersLastHour,
      long tooLate) {}

  /** A pipeline's versions (newest write first) and its switches (newest first). */
  public record PipelineState(
      String pipeline,
      String view,
      Optional<String> servingTable,
      List<VersionState> versions,
      List<SwitchLog.Switch> switches) {

    public Optional<VersionState> serving() {
      return versions.stream().filter(VersionState::serving).findFirst();
    }
  }

  private final JdbcTarget database;

  public ServingStatus(JdbcTarget database) {
    this.database = database;
  }

  /**
   * The state of {@code pipeline}; {@code allPipelines} names every pipeline, so that the tables of
   * one whose name extends this one's ({@code hot} and {@code hot-auctions}) are not taken for
   * versions of it.
   */
  public PipelineState of(String pipeline, Collection<String> allPipelines) throws SQLException {
    try (Connection connection = database.connect()) {
      Optional<String> serving = ServingViews.currentTable(connection, pipeline);
      Map<String, long[]> letters = deadLetters(connection, pipeline);
      List<VersionState> versions = new ArrayList<>();
      for (String table : versionTables(connection, pipeline, allPipelines)) {
        String version = ServingViews.versionOf(pipeline, table);
        long[] counts = letters.getOrDefault(version, new long[3]);
        versions.add(
            versionState(
                connection, version, table, serving.filter(table::equals).isPresent(), counts));
      }
      versions.sort(
          (a, b) ->
              b.newestUpdate()
                  .orElse(Instant.EPOCH)
                  .compareTo(a.newestUpdate().orElse(Instant.EPOCH)));
      return new PipelineState(
          pipeline,
          ServingViews.viewName(pipeline),
          serving,
          versions,
          SwitchLog.history(connection, pipeline, SWITCHES_SHOWN));
    }
  }

  /** The versions of {@code pipeline} that have a table: {@code v1}, {@code v2}. */
  public List<String> versions(String pipeline, Collection<String> allPipelines)
      throws SQLException {
    try (Connection connection = database.connect()) {
      String prefix = ServingViews.viewName(pipeline) + "_";
      return versionTables(connection, pipeline, allPipelines).stream()
          .map(table -> table.substring(prefix.length()))
          .sorted()
          .toList();
    }
  }

  private static List<String> versionTables(
      Connection connection, String pipeline, Collection<String> allPipelines) throws SQLException {
    String prefix = ServingViews.viewName(pipeline) + "_";
    Set<String> longerPrefixes = new HashSet<>();
    for (String other : allPipelines) {
      String otherPrefix = ServingViews.viewName(other) + "_";
      if (otherPrefix.length() > prefix.length() && otherPrefix.startsWith(prefix)) {
        longerPrefixes.add(otherPrefix);
      }
    }
    List<String> tables = new ArrayList<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT table_name"
                + " FROM information_schema.tables WHERE table_schema = current_schema()"
                + " AND table_type = 'BASE TABLE' AND starts_with(table_name, ?)")) {
      query.setString(1, prefix);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String table = rows.getString(1);
          if (longerPrefixes.stream().noneMatch(table::startsWith)) {
            tables.add(table);
          }
        }
      }
    }
    return tables;
  }

  /** {@code letters}: the version's dead letters in all, in the last hour, and too late. */
  private static VersionState versionState(
      Connection connection, String version, String table, boolean serving, long[] letters)
      throws SQLException {
    Set<String> columns = columns(connection, table);
    String eventTime = eventTimeReached(columns);
    try (Statement query = connection.createStatement();
        ResultSet row =
            query.executeQuery(
                "SELECT count(*), max(updated_at), " + eventTime + " FROM " + table)) {
      row.next();
      Timestamp updated = row.getTimestamp(2);
      long reached = row.getLong(3);
      Optional<Instant> reachedAt =
          row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(reached));
      return new VersionState(
          version,
          table,
          serving,
          row.getLong(1),
          Optional.ofNullable(updated).map(Timestamp::toInstant),
          reachedAt,
          letters[0],
          letters[1],
          letters[2]);
    }
  }

  /**
   * The SQL of a table's event time reached: the newest end of a window with a final (on-time or
   * late) result, else the newest result's own date-time, else none.
   */
  private static String eventTimeReached(Set<String> columns) {
    if (columns.contains(ResultTable.WINDOW_END)) {
      return columns.contains(ResultTable.TIMING)
          ? "max("
              + ResultTable.WINDOW_END
              + ") FILTER (WHERE "
              + ResultTable.TIMING
              + " <> 'EARLY')"
          : "max(" + ResultTable.WINDOW_END + ")";
    }
    return columns.contains("date_time") ? "max(date_time)" : "NULL::bigint";
  }

  static Set<String> columns(Connection connection, String table) throws SQLException {
    Set<String> columns = new HashSet<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT column_name"
                + " FROM information_schema.columns WHERE table_schema = current_schema()"
                + " AND table_name = ?")) {
      query.setString(1, table);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          columns.add(rows.getString(1));
        }
      }
    }
    return columns;
  }

  /** Per version: dead letters in all, in the last hour, and of records too late. */
  private static Map<String, long[]> deadLetters(Connection connection, String pipeline)
      throws SQLException {
    Map<String, long[]> counts = new HashMap<>();
    if (!tableExists(connection, WriteDeadLetterTable.TABLE)) {
      return counts;
    }
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT version, count(*),"
                + " count(*) FILTER (WHERE recorded_at > now() - interval '1 hour'),"
                + " count(*) FILTER (WHERE stage = '"
                + DecodeEvents.TOO_LATE_STAGE
                + "') FROM "
                + WriteDeadLetterTable.TABLE
                + " WHERE pipeline = ? GROUP BY version")) {
      query.setString(1, pipeline);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          counts.put(
              rows.getString(1), new long[] {rows.getLong(2), rows.getLong(3), rows.getLong(4)});
        }
      }
    }
    return counts;
  }

  static boolean tableExists(Connection connection, String table) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      query.setString(1, table);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getBoolean(1);
      }
    }
  }
}
