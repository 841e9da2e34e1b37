package dev.kappa.launcher.serving;

import dev.kappa.pipelines.serving.JdbcTarget;
import dev.kappa.pipelines.serving.ServingViews;
import dev.kappa.pipelines.serving.WriteDeadLetterTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Moves the readers' view of a pipeline ({@link ServingViews}) from one version's table to another,
 * and drops the tables readers have left: what {@code kappa reprocess} and {@code kappa switch} do,
 * each change recorded in the {@link SwitchLog} in the same transaction.
 */
public final class ServingSwitch {
  private ServingSwitch() {}

  /** Why the readers' view moved: {@code kappa reprocess} caught up, or {@code kappa switch}. */
  public enum SwitchReason {
    REPROCESS,
    MANUAL;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Points the view of {@code pipeline} at {@code version}'s table and records the switch in {@link
   * SwitchLog}, with how long the table it leaves is retained ({@code retainOld}; none: until
   * dropped by hand), in one transaction; returns the table it pointed at before, if any.
   */
  public static Optional<String> switchTo(
      JdbcTarget target,
      String pipeline,
      String version,
      SwitchReason reason,
      Optional<Duration> retainOld)
      throws SQLException {
    String table = ServingViews.tableName(pipeline, version);
    try (Connection connection = target.connect()) {
      connection.setAutoCommit(false);
      ServingViews.lock(connection, ServingViews.viewName(pipeline));
      Optional<String> before = ServingViews.currentTable(connection, pipeline);
      try (Statement ddl = connection.createStatement()) {
        ddl.execute("DROP VIEW IF EXISTS " + ServingViews.viewName(pipeline));
        ddl.execute(ServingViews.createView(pipeline, table));
      }
      SwitchLog.record(connection, pipeline, before, table, reason.label(), retainOld);
      connection.commit();
      return before;
    }
  }

  /**
   * Drops the tables of {@code pipeline} whose retention is over ({@link SwitchLog}), never the one
   * the view points at; returns them.
   */
  public static List<String> dropExpired(JdbcTarget target, String pipeline) throws SQLException {
    try (Connection connection = target.connect()) {
      connection.setAutoCommit(false);
      ServingViews.lock(connection, ServingViews.viewName(pipeline));
      List<String> expired =
          SwitchLog.expired(connection, pipeline, ServingViews.currentTable(connection, pipeline));
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
      if (ServingViews.currentTable(connection, pipeline).filter(table::equals).isPresent()) {
        throw new IllegalStateException(table + " is what readers query; switch first");
      }
      try (Statement ddl = connection.createStatement()) {
        ddl.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }

  /**
   * Drops a version that never served ({@code kappa verify}'s replay): its table, and its dead
   * letters.
   */
  public static void dropUnservedVersion(JdbcTarget target, String pipeline, String version)
      throws SQLException {
    dropTable(target, pipeline, ServingViews.tableName(pipeline, version));
    try (Connection connection = target.connect()) {
      if (!ServingStatus.tableExists(connection, WriteDeadLetterTable.TABLE)) {
        return;
      }
      try (PreparedStatement delete =
          connection.prepareStatement(
              "DELETE FROM "
                  + WriteDeadLetterTable.TABLE
                  + " WHERE pipeline = ? AND version = ?")) {
        delete.setString(1, pipeline);
        delete.setString(2, version);
        delete.executeUpdate();
      }
    }
  }
}
