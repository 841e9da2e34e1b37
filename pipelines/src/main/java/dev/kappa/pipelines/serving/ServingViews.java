package dev.kappa.pipelines.serving;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names readers use: a pipeline's results live in versioned tables ({@code auction_stats_v1},
 * {@code auction_stats_v2}) and readers query the view {@code auction_stats}, which points at the
 * current version. Switching is one transaction (PostgreSQL's DDL is transactional), so a reader
 * sees the old version or the new one, never neither. A job's first write creates the view; the
 * launcher moves it ({@code ServingSwitch}).
 */
public final class ServingViews {
  private static final Pattern VERSION = Pattern.compile("[a-z0-9_]{1,20}");

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

  /** The version whose table {@code table} is: {@code auction_stats_v1} → {@code v1}. */
  public static String versionOf(String pipeline, String table) {
    return table.substring(viewName(pipeline).length() + 1);
  }

  /** Serializes DDL on one name across writers: PostgreSQL's IF NOT EXISTS is not race-free. */
  public static void lock(Connection connection, String name) throws SQLException {
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

  /** The DDL that makes the view of {@code pipeline} read {@code table}. */
  public static String createView(String pipeline, String table) {
    return "CREATE VIEW " + viewName(pipeline) + " AS SELECT * FROM " + table;
  }

  /**
   * Creates the view on {@code table} unless the view exists already; in the caller's transaction.
   */
  static void createIfMissing(Connection connection, String pipeline, String table)
      throws SQLException {
    lock(connection, viewName(pipeline));
    if (currentTable(connection, pipeline).isEmpty()) {
      try (Statement ddl = connection.createStatement()) {
        ddl.execute(createView(pipeline, table));
      }
    }
  }
}
