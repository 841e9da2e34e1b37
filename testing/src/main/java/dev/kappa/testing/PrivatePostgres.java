package dev.kappa.testing;

import java.nio.file.Path;
import java.util.Map;

/**
 * A PostgreSQL server of the test's own ({@code runners-config/local/private-postgres}) on a free
 * port, data under {@code target/} (or under /tmp where a checkout's folder is closed to the
 * server's user), that wants a password: a fault test stops and starts it without touching the
 * machine's shared server. {@link #close()} stops it and deletes its data.
 */
public final class PrivatePostgres implements AutoCloseable {
  private final Map<String, String> environment;
  private final String server;
  private final String password;

  private PrivatePostgres(int port, String password) {
    this.environment =
        Map.of(
            "PG_PORT", String.valueOf(port),
            "PG_DATA", Path.of("target", "private-postgres-" + port).toAbsolutePath().toString(),
            "PG_PASSWORD", password);
    this.server = "jdbc:postgresql://127.0.0.1:" + port + "/";
    this.password = password;
  }

  /** A new server whose user postgres logs in with {@code password} only. */
  public static PrivatePostgres start(String password) {
    PrivatePostgres postgres = new PrivatePostgres(LocalScripts.freePort(), password);
    postgres.restart();
    return postgres;
  }

  /** A fresh database on this server; its {@code url()} carries the password, as a user's would. */
  public LocalPostgres.Database createDatabase(String name) {
    return LocalPostgres.create(server, name, password);
  }

  /** Stops the server (a fast shutdown: open connections are cut). */
  public void stop() {
    LocalScripts.run("private-postgres", "stop", environment);
  }

  /** Starts the server again, with what it stored. */
  public void restart() {
    LocalScripts.run("private-postgres", "start", environment);
  }

  /** Stops the server and deletes its data. */
  @Override
  public void close() {
    LocalScripts.run("private-postgres", "remove", environment);
  }
}
