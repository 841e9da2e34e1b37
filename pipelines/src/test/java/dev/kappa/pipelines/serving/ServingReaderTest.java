package dev.kappa.pipelines.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.pipelines.testing.LocalPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The check {@code kappa reprocess} makes before it switches: which final windows of the readers'
 * version a new version leaves without any result overlapping them in time.
 */
class ServingReaderTest {
  private static LocalPostgres.Database database;
  private static ServingReader reader;

  @BeforeAll
  static void tables() throws SQLException {
    database = LocalPostgres.createDatabase();
    reader = new ServingReader(JdbcTarget.parse(database.url()));
    // old: final 10 s windows 0-10, 10-20, 20-30, 30-40 (and an early 40-50);
    // covering: final 20 s windows 0-20, 20-40; gappy: 0-20 and 40-60, nothing for 20-40;
    // early: 0-20 only early, 20-40 final; open: 0-20 only (nothing after it yet).
    execute("CREATE TABLE old_v (window_start bigint, window_end bigint, timing text)",
        "INSERT INTO old_v VALUES (0, 10, 'ON_TIME'), (10, 20, 'LATE'), (20, 30, 'ON_TIME'),"
            + " (30, 40, 'ON_TIME'), (40, 50, 'EARLY')",
        "CREATE TABLE covering_v (window_start bigint, window_end bigint, timing text)",
        "INSERT INTO covering_v VALUES (0, 20, 'ON_TIME'), (20, 40, 'ON_TIME')",
        "CREATE TABLE gappy_v (window_start bigint, window_end bigint, timing text)",
        "INSERT INTO gappy_v VALUES (0, 20, 'ON_TIME'), (40, 60, 'EARLY')",
        "CREATE TABLE early_v (window_start bigint, window_end bigint, timing text)",
        "INSERT INTO early_v VALUES (0, 20, 'EARLY'), (20, 40, 'ON_TIME')",
        "CREATE TABLE open_v (window_start bigint, window_end bigint, timing text)",
        "INSERT INTO open_v VALUES (0, 20, 'ON_TIME')",
        "CREATE TABLE plain_v (date_time bigint)");
  }

  @AfterAll
  static void drop() {
    database.close();
  }

  @Test
  void aNewVersionWithOtherWindowsThatCoverTheSameTime_leavesNothingUncovered()
      throws SQLException {
    assertEquals(OptionalLong.of(0), reader.uncoveredWindows("old_v", "covering_v", 40));
  }

  @Test
  void finalWindowsWithoutAnyResultBeforeTheNewVersionsNewestWindow_areUncovered()
      throws SQLException {
    assertEquals(OptionalLong.of(2), reader.uncoveredWindows("old_v", "gappy_v", 40));
  }

  @Test
  void windowsAnsweredOnlyByEarlyPanes_areCovered() throws SQLException {
    // The final answer of a window whose keys got nothing after their last early pane.
    assertEquals(OptionalLong.of(0), reader.uncoveredWindows("old_v", "early_v", 40));
  }

  @Test
  void windowsPastTheNewVersionsNewestWindow_areNotJudgedYet() throws SQLException {
    assertEquals(OptionalLong.of(0), reader.uncoveredWindows("old_v", "open_v", 40));
  }

  @Test
  void windowsAfterTheNewVersionsEventTime_areNotCompared() throws SQLException {
    assertEquals(OptionalLong.of(0), reader.uncoveredWindows("old_v", "gappy_v", 20));
  }

  @Test
  void resultsWithoutWindows_areNotCompared() throws SQLException {
    assertEquals(OptionalLong.empty(), reader.uncoveredWindows("plain_v", "plain_v", 40));
  }

  private static void execute(String... statements) throws SQLException {
    try (Connection connection = database.connect();
        Statement sql = connection.createStatement()) {
      for (String statement : statements) {
        sql.execute(statement);
      }
    }
  }
}
