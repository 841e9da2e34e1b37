package dev.kappa.pipelines.serving;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names readers use: a pipeline's results live in versioned tables ({@code auction_stats_v1},
 * {@code auction_stats_v2}) and readers query the view {@code auction_stats}, which points at the
 * current version. Switching is one transaction (PostgreSQL's DDL is transactional), so a reader
 * sees the old version or the new one, never neither.
 */
public final class ServingViews {
  private static final Pattern VERSION = Pattern.compile("[a-z0-9_]{1,20}");
  private static final String SELECT_ALL = "SELECT * FROM ";

  private ServingViews() {}

  /** The view readers query: {@code auction-stats} → {@code auction_stats}. */
  public static String viewName(String pipeline) {
    return pipeline.replace('-', '_');
  }

  /** The table of one version: {@code auction_stats_v1}. */
  public static String tableName(String pipeline, String version) {
    if (!VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException(
          "--version must be 1-20 lower-case letters, digits or _, like v2; got '" + version + "'");
    }
    return viewName(pipeline) + "_" + version;
  }

  /** Serializes DDL on one name across writers: PostgreSQL's IF NOT EXISTS is not race-free. */
  static void lock(Connection connection, String name) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
      lock.setString(1, name);
      lock.execute();
    }
  }

  /** The table the view of {@code pipeline} points at, if the view exists. */
  public static Optional<String> currentTable(Connection connection, String pipeline)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT definition FROM pg_views WHERE schemaname = current_schema()"
                + " AND viewname = ?")) {
      query.setString(1, viewName(pipeline));
      try (ResultSet rows = query.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        // PostgreSQL stores "SELECT ... FROM auction_stats_v1;": the table follows the last FROM.
        String definition = rows.getString(1).trim().replaceAll(";$", "");
        String[] words = definition.split("\\s+");
        return Optional.of(words[words.length - 1]);
      }
    }
  }

  /** Creates the view on {@code table} unless the view exists already; in the caller's transaction. */
  static void createIfMissing(Connection connection, String pipeline, String table)
      throws SQLException {
    lock(connection, viewName(pipeline));
    if (currentTable(connection, pipeline).isEmpty()) {
      try (Statement ddl = connection.createStatement()) {
        ddl.execute("CREATE VIEW " + viewName(pipeline) + " AS " + SELECT_ALL + table);
      }
    }
  }

  /** Why the readers' view moved: {@code kappa reprocess} caught up, or {@code kappa switch}. */
  public enum SwitchReason {
    REPROCESS,
    MANUAL;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Points the view of {@code pipeline} at {@code version}'s table and records the switch in
   * {@link SwitchLog}, with how long the table it leaves is retained ({@code retainOld}; none:
   * until dropped by hand), in one transaction; returns the table it pointed at before, if any.
   */
  public static Optional<String> switchTo(JdbcTarget target, String pipeline, String version,
      SwitchReason reason, Optional<Duration> retainOld) throws SQLException {
    String table = tableName(pipeline, version);
    try (Connection connection = target.connect()) {
      connection.setAutoCommit(false);
      lock(connection, viewName(pipeline));
      Optional<String> before = currentTable(connection, pipeline);
      try (Statement ddl = connection.createStatement()) {
        ddl.execute("DROP VIEW IF EXISTS " + viewName(pipeline));
        ddl.execute("CREATE VIEW " + viewName(pipeline) + " AS " + SELECT_ALL + table);
      }
      SwitchLog.record(connection, pipeline, before, table, reason.label(), retainOld);
      connection.commit();
      return before;
    }
  }

  /**
   * Drops the tables of {@code pipeline} whose retention is over ({@link SwitchLog}), never the
   * one the view points at; returns them.
   */
  public static List<String> dropExpired(JdbcTarget target, String pipeline)
      throws SQLException {
    try (Connection connection = target.connect()) {
      connection.setAutoCommit(false);
      lock(connection, viewName(pipeline));
      List<String> expired =
          SwitchLog.expired(connection, pipeline, currentTable(connection, pipeline));
      try (Statement ddl = connection.createStatement()) {
        for (String table : expired) {
          ddl.execute("DROP TABLE IF EXISTS " + table);
        }
      }
      connection.commit();
      return expired;
    }
  }

  /** Drops a version's table; never the one the view points at. */
  public static void dropTable(JdbcTarget target, String pipeline, String table)
      throws SQLException {
    try (Connection connection = target.connect()) {
      if (currentTable(connection, pipeline).filter(table::equals).isPresent()) {
        throw new IllegalStateException(table + " is what readers query; switch first");
      }
      try (Statement ddl = connection.createStatement()) {
        ddl.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }
}
