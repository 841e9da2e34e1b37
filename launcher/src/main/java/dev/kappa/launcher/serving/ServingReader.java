package dev.kappa.launcher.serving;

import dev.kappa.pipelines.serving.JdbcTarget;
import dev.kappa.pipelines.serving.ResultTable;
import dev.kappa.pipelines.serving.ServingViews;
import dev.kappa.pipelines.serving.WriteDeadLetterTable;
import dev.kappa.pipelines.serving.WriteServingTable;
import dev.kappa.transforms.DecodeEvents;
import dev.kappa.windowing.Lateness;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.beam.sdk.schemas.Schema;

/**
 * Every query the launcher makes of the serving database: which table readers see, how far a
 * version's table has got, and its freshest rows. Writing is {@link WriteServingTable}'s, the
 * views' DDL is {@link ServingViews}'. Connections come from {@link JdbcTarget#connect()}, which
 * also works inside a Flink TaskManager.
 */
public final class ServingReader {
  /** PostgreSQL's "undefined table": a version whose job has not written its first pane. */
  private static final String NO_SUCH_TABLE = "42P01";

  private final JdbcTarget database;

  public ServingReader(JdbcTarget database) {
    this.database = database;
  }

  /** A table's size and newest write, comparable between two polls. */
  public record TableState(long rows, String newestUpdate) {}

  /**
   * The column of a result table that holds its event time, from the result's schema: the window
   * end of windowed results, else the result's own {@code dateTime}; none for results with neither.
   */
  public static Optional<String> eventTimeColumn(Schema results) {
    if (results.hasField("windowEnd")) {
      return Optional.of(ResultTable.WINDOW_END);
    }
    return results.hasField("dateTime") ? Optional.of("date_time") : Optional.empty();
  }

  public boolean tableExists(String table) throws SQLException {
    try (Connection connection = database.connect()) {
      return ServingStatus.tableExists(connection, table);
    }
  }

  /** The table the view of {@code pipeline} points at, if the view exists. */
  public Optional<String> currentTable(String pipeline) throws SQLException {
    try (Connection connection = database.connect()) {
      return ServingViews.currentTable(connection, pipeline);
    }
  }

  /** The table's row count and newest {@code updated_at}. */
  public TableState state(String table) throws SQLException {
    try (Connection connection = database.connect();
        Statement query = connection.createStatement();
        ResultSet row = query.executeQuery("SELECT count(*), max(updated_at) FROM " + table)) {
      row.next();
      return new TableState(row.getLong(1), row.getString(2));
    }
  }

  /**
   * The newest value of {@code column} in {@code table}; none while the table is empty or absent.
   */
  public OptionalLong newest(String table, String column) throws SQLException {
    try (Connection connection = database.connect();
        Statement query = connection.createStatement();
        ResultSet rows = query.executeQuery("SELECT max(" + column + ") FROM " + table)) {
      rows.next();
      long max = rows.getLong(1);
      return rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(max);
    } catch (SQLException e) {
      if (NO_SUCH_TABLE.equals(e.getSQLState())) {
        return OptionalLong.empty();
      }
      throw e;
    }
  }

  /** A window of a result table, and whether any of its rows there is a final (not early) pane. */
  public record ResultWindow(long start, long end, boolean hasFinalPane) {}

  /**
   * The windows {@code table} has results for (epoch ms), one per window whatever its keys and
   * panes; none for a table without windows.
   */
  public Optional<List<ResultWindow>> windows(String table) throws SQLException {
    String sql =
        "SELECT "
            + ResultTable.WINDOW_START
            + ", "
            + ResultTable.WINDOW_END
            + ", bool_or("
            + ResultTable.TIMING
            + " <> 'EARLY') FROM "
            + table
            + " GROUP BY "
            + ResultTable.WINDOW_START
            + ", "
            + ResultTable.WINDOW_END;
    try (Connection connection = database.connect()) {
      List<String> windowColumns =
          List.of(ResultTable.WINDOW_START, ResultTable.WINDOW_END, ResultTable.TIMING);
      if (!ServingStatus.columns(connection, table).containsAll(windowColumns)) {
        return Optional.empty();
      }
      List<ResultWindow> windows = new ArrayList<>();
      try (Statement query = connection.createStatement();
          ResultSet rows = query.executeQuery(sql)) {
        while (rows.next()) {
          windows.add(new ResultWindow(rows.getLong(1), rows.getLong(2), rows.getBoolean(3)));
        }
      }
      return Optional.of(windows);
    }
  }

  /**
   * Every row of the windowed result table {@code table}, its key made of {@code keyColumns}; none
   * for a table without windows.
   */
  public Optional<List<ServedRow>> servedRows(String table, List<String> keyColumns)
      throws SQLException {
    try (Connection connection = database.connect();
        Statement query = connection.createStatement();
        ResultSet rows = query.executeQuery("SELECT * FROM " + table)) {
      ResultSetMetaData meta = rows.getMetaData();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.add(meta.getColumnName(i));
      }
      if (!columns.containsAll(
          List.of(ResultTable.WINDOW_START, ResultTable.WINDOW_END, ResultTable.TIMING))) {
        return Optional.empty();
      }
      List<ServedRow> served = new ArrayList<>();
      while (rows.next()) {
        List<Object> key = new ArrayList<>();
        for (String column : keyColumns) {
          key.add(rows.getObject(column));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        for (String column : columns) {
          if (!keyColumns.contains(column)
              && !column.equals(ResultTable.WINDOW_START)
              && !column.equals(ResultTable.WINDOW_END)
              && !ResultTable.PANE_COLUMNS.contains(column)) {
            answer.put(column, rows.getObject(column));
          }
        }
        served.add(
            new ServedRow(
                key,
                rows.getLong(ResultTable.WINDOW_START),
                rows.getLong(ResultTable.WINDOW_END),
                answer));
      }
      return Optional.of(served);
    }
  }

  /** The dead letters one version of {@code pipeline} has written to the serving database. */
  public long deadLetters(String pipeline, String version) throws SQLException {
    return countDeadLetters(pipeline, version, "");
  }

  /** Of those, the records it failed on: all but the ones too late for their windows. */
  public long rejectedRecords(String pipeline, String version) throws SQLException {
    return countDeadLetters(
        pipeline, version, " AND stage <> '" + DecodeEvents.TOO_LATE_STAGE + "'");
  }

  private long countDeadLetters(String pipeline, String version, String andStage)
      throws SQLException {
    try (Connection connection = database.connect()) {
      if (!ServingStatus.tableExists(connection, WriteDeadLetterTable.TABLE)) {
        return 0;
      }
      try (PreparedStatement query =
          connection.prepareStatement(
              "SELECT count(*) FROM "
                  + WriteDeadLetterTable.TABLE
                  + " WHERE pipeline = ? AND version = ?"
                  + andStage)) {
        query.setString(1, pipeline);
        query.setString(2, version);
        try (ResultSet row = query.executeQuery()) {
          row.next();
          return row.getLong(1);
        }
      }
    }
  }

  /** A record a version's live read found too late for its windows, as its dead letter says. */
  public record TooLateRecord(String origin, Lateness.Expired expired) {}

  /** The records one version of {@code pipeline} found too late, oldest event time first. */
  public List<TooLateRecord> tooLateRecords(String pipeline, String version) throws SQLException {
    List<TooLateRecord> records = new ArrayList<>();
    try (Connection connection = database.connect()) {
      if (!ServingStatus.tableExists(connection, WriteDeadLetterTable.TABLE)) {
        return records;
      }
      try (PreparedStatement query =
          connection.prepareStatement(
              "SELECT origin, reason FROM "
                  + WriteDeadLetterTable.TABLE
                  + " WHERE pipeline = ? AND version = ? AND stage = ?")) {
        query.setString(1, pipeline);
        query.setString(2, version);
        query.setString(3, DecodeEvents.TOO_LATE_STAGE);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            String origin = rows.getString(1);
            Lateness.parse(rows.getString(2))
                .ifPresent(expired -> records.add(new TooLateRecord(origin, expired)));
          }
        }
      }
    }
    records.sort(Comparator.comparing(r -> r.expired().eventTime()));
    return records;
  }

  /**
   * The {@code limit} rows of {@code view} written last, {@code columns} of each; empty while the
   * view does not exist yet.
   */
  public List<List<Object>> newestRows(String view, List<String> columns, int limit)
      throws SQLException {
    String sql =
        "SELECT "
            + String.join(", ", columns)
            + " FROM "
            + view
            + " ORDER BY updated_at DESC, "
            + columns.get(0)
            + " LIMIT ?";
    List<List<Object>> result = new ArrayList<>();
    try (Connection connection = database.connect();
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setInt(1, limit);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= columns.size(); i++) {
            row.add(rows.getObject(i));
          }
          result.add(row);
        }
      }
    } catch (SQLException e) {
      if (!NO_SUCH_TABLE.equals(e.getSQLState())) {
        throw e;
      }
    }
    return result;
  }

  /** How many rows of {@code view} have each pane timing: {@code EARLY 12}, {@code ON_TIME 3}. */
  public List<String> rowsByTiming(String view) throws SQLException {
    List<String> counts = new ArrayList<>();
    try (Connection connection = database.connect();
        Statement query = connection.createStatement();
        ResultSet rows =
            query.executeQuery(
                "SELECT "
                    + ResultTable.TIMING
                    + ", count(*) FROM "
                    + view
                    + " GROUP BY "
                    + ResultTable.TIMING
                    + " ORDER BY "
                    + ResultTable.TIMING)) {
      while (rows.next()) {
        counts.add(rows.getString(1) + " " + rows.getLong(2));
      }
    } catch (SQLException e) {
      if (!NO_SUCH_TABLE.equals(e.getSQLState())) {
        throw e;
      }
    }
    return counts;
  }

  /**
   * Drops and creates database {@code name} on the server of this target (which names any existing
   * database on it, such as {@code postgres}); returns the new database's URL.
   */
  public String recreateDatabase(String name) throws SQLException {
    try (Connection connection = database.connect();
        Statement ddl = connection.createStatement()) {
      ddl.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      ddl.execute("CREATE DATABASE " + name);
    }
    return database.withDatabase(name);
  }
}
