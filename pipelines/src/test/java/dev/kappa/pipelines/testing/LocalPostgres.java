package dev.kappa.pipelines.testing;

import dev.kappa.launcher.LauncherRuns;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A database of its own for each test, on the PostgreSQL server that {@code
 * runners-config/local/postgres start} makes sure is running on 127.0.0.1:5432; dropped by
 * {@link Database#close()}.
 */
public final class LocalPostgres {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static boolean started;

  private LocalPostgres() {}

  /** A fresh, empty database. */
  public static Database createDatabase() {
    ensureServer();
    String name = "kappa_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    execute("postgres", "DROP DATABASE IF EXISTS " + name);
    execute("postgres", "CREATE DATABASE " + name);
    return new Database(name);
  }

  /** One test database; its JDBC URL is what {@code --sink=} takes. */
  public record Database(String name) implements AutoCloseable {
    public String url() {
      return SERVER + name + "?user=postgres";
    }

    public Connection connect() throws SQLException {
      return DriverManager.getConnection(url());
    }

    /** The rows {@code sql} returns, each as its column values joined by spaces. */
    public List<String> rows(String sql) throws SQLException {
      List<String> rows = new ArrayList<>();
      try (Connection connection = connect();
          Statement query = connection.createStatement();
          ResultSet result = query.executeQuery(sql)) {
        int count = result.getMetaData().getColumnCount();
        while (result.next()) {
          List<String> values = new ArrayList<>();
          for (int i = 1; i <= count; i++) {
            values.add(result.getString(i));
          }
          rows.add(String.join(" ", values));
        }
      }
      return rows;
    }

    @Override
    public void close() {
      execute("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  /** Runs {@code runners-config/local/postgres start} once per JVM. */
  public static synchronized void ensureServer() {
    if (started) {
      return;
    }
    try {
      Process process =
          new ProcessBuilder(
                  "bash",
                  LauncherRuns.repository().resolve("runners-config/local/postgres").toString(),
                  "start")
              .inheritIO()
              .start();
      if (!process.waitFor(600, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("runners-config/local/postgres start failed");
      }
      started = true;
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("could not start PostgreSQL", e);
    }
  }

  private static void execute(String database, String sql) {
    try (Connection connection = DriverManager.getConnection(SERVER + database + "?user=postgres");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
