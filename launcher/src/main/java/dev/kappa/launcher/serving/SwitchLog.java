package dev.kappa.launcher.serving;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every time a pipeline's view moved to another version's table, in the table {@value #TABLE}:
 * which pipeline, from which table (none for the first), to which, when, why ({@code reprocess} or
 * {@code manual}), and until when the table it moved from is retained (a reprocess keeps it {@code
 * --retainOldHours}; none: kept until dropped by hand). Written in the switch's own transaction, so
 * a switch and its record commit together; read by {@code kappa status}.
 */
public final class SwitchLog {
  public static final String TABLE = "kappa_switches";
  private static final String CREATE =
      "CREATE TABLE IF NOT EXISTS "
          + TABLE
          + " (pipeline text NOT NULL, from_table text, to_table text NOT NULL,"
          + " switched_at timestamptz NOT NULL DEFAULT clock_timestamp(), reason text NOT NULL,"
          + " retain_until timestamptz)";

  /** One switch. */
  public record Switch(
      String pipeline,
      Optional<String> fromTable,
      String toTable,
      Instant switchedAt,
      String reason,
      Optional<Instant> retainUntil) {}

  private SwitchLog() {}

  static void record(
      Connection connection,
      String pipeline,
      Optional<String> from,
      String to,
      String reason,
      Optional<Duration> retain)
      throws SQLException {
    try (Statement ddl = connection.createStatement()) {
      ddl.execute(CREATE);
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO "
                + TABLE
                + " (pipeline, from_table, to_table, reason, retain_until)"
                + " VALUES (?, ?, ?, ?, clock_timestamp() + ? * interval '1 second')")) {
      insert.setString(1, pipeline);
      insert.setString(2, from.orElse(null));
      insert.setString(3, to);
      insert.setString(4, reason);
      if (retain.isPresent()) {
        insert.setLong(5, retain.get().toSeconds());
      } else {
        insert.setNull(5, Types.BIGINT);
      }
      insert.executeUpdate();
    }
  }

  /**
   * The tables of {@code pipeline} whose retention is over: the last switch away from each gave a
   * retention that has passed, and readers do not query it now.
   */
  static List<String> expired(Connection connection, String pipeline, Optional<String> serving)
      throws SQLException {
    List<String> tables = new ArrayList<>();
    if (!ServingStatus.tableExists(connection, TABLE)) {
      return tables;
    }
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT from_table FROM ("
                + "SELECT DISTINCT ON (from_table) from_table, retain_until FROM "
                + TABLE
                + " WHERE pipeline = ? AND from_table IS NOT NULL"
                + " ORDER BY from_table, switched_at DESC) last"
                + " WHERE retain_until < clock_timestamp() AND to_regclass(from_table) IS NOT NULL")) {
      query.setString(1, pipeline);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String table = rows.getString(1);
          if (serving.filter(table::equals).isEmpty()) {
            tables.add(table);
          }
        }
      }
    }
    return tables;
  }

  /** The newest {@code limit} switches of {@code pipeline}, newest first; none before the first. */
  static List<Switch> history(Connection connection, String pipeline, int limit)
      throws SQLException {
    List<Switch> switches = new ArrayList<>();
    if (!ServingStatus.tableExists(connection, TABLE)) {
      return switches;
    }
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT from_table, to_table,"
                + " switched_at, reason, retain_until FROM "
                + TABLE
                + " WHERE pipeline = ?"
                + " ORDER BY switched_at DESC LIMIT ?")) {
      query.setString(1, pipeline);
      query.setInt(2, limit);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          switches.add(
              new Switch(
                  pipeline,
                  Optional.ofNullable(rows.getString(1)),
                  rows.getString(2),
                  rows.getTimestamp(3).toInstant(),
                  rows.getString(4),
                  Optional.ofNullable(rows.getTimestamp(5)).map(Timestamp::toInstant)));
        }
      }
    }
    return switches;
  }
}
