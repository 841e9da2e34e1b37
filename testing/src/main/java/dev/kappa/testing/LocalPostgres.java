package dev.kappa.testing;

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
 * runners-config/local/postgres start} makes sure is running on 127.0.0.1:5432; dropped by {@link
 * Database#close()}.
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
    return create(SERVER, name, "");
  }

  /** A fresh database {@code name} on {@code server} ({@code jdbc:postgresql://HOST:PORT/}). */
  static Database create(String server, String name, String password) {
    Database admin = new Database(server, "postgres", password);
    admin.execute("DROP DATABASE IF EXISTS " + name);
    admin.execute("CREATE DATABASE " + name);
    return new Database(server, name, password);
  }

  /**
   * One test database, reached as user postgres with {@code password} (empty: none); its JDBC URL
   * is what {@code --sink=} takes.
   */
  public record Database(String server, String name, String password) implements AutoCloseable {
    /** The URL a user would give: with the password in it, if the server wants one. */
    public String url() {
      return server + name + "?user=postgres" + (password.isEmpty() ? "" : "&password=" + password);
    }

    public Connection connect() throws SQLException {
      return DriverManager.getConnection(url());
    }

    private void execute(String sql) {
      try (Connection connection = connect();
          Statement statement = connection.createStatement()) {
        statement.execute(sql);
      } catch (SQLException e) {
        throw new IllegalStateException(sql + ": " + e.getMessage(), e);
      }
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
      new Database(server, "postgres", password)
          .execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
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
                  LocalScripts.repository().resolve("runners-config/local/postgres").toString(),
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
}
