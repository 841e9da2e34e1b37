package dev.kappa.launcher.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.launcher.serving.ServingReader.ResultWindow;
import dev.kappa.pipelines.serving.JdbcTarget;
import dev.kappa.testing.LocalPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The facts {@code kappa reprocess}'s coverage check (SwitchChecks) reads from a result table. */
class ServingReaderTest {
  private static LocalPostgres.Database database;
  private static ServingReader reader;

  @BeforeAll
  static void tables() throws SQLException {
    database = LocalPostgres.createDatabase();
    reader = new ServingReader(JdbcTarget.parse(database.url()));
    execute(
        "CREATE TABLE windowed_v (auction bigint, window_start bigint, window_end bigint,"
            + " timing text)",
        "INSERT INTO windowed_v VALUES (1, 0, 10, 'EARLY'), (1, 0, 10, 'ON_TIME'),"
            + " (2, 0, 10, 'EARLY'), (1, 10, 20, 'EARLY'), (2, 10, 20, 'EARLY'),"
            + " (3, 20, 30, 'LATE')",
        "CREATE TABLE plain_v (date_time bigint)");
  }

  @AfterAll
  static void drop() {
    database.close();
  }

  @Test
  void windows_areOnePerWindowSayingWhetherAnyPaneIsFinal() throws SQLException {
    List<ResultWindow> windows =
        reader.windows("windowed_v").orElseThrow().stream()
            .sorted(Comparator.comparingLong(ResultWindow::start))
            .toList();
    assertEquals(
        List.of(
            new ResultWindow(0, 10, true),
            new ResultWindow(10, 20, false),
            new ResultWindow(20, 30, true)),
        windows);
  }

  @Test
  void resultsWithoutWindows_haveNone() throws SQLException {
    assertEquals(Optional.empty(), reader.windows("plain_v"));
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
