package dev.kappa.pipelines.serving;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A worker's connection to the serving database and the transactions it runs there. When the
 * database goes away (the connection breaks, the server shuts down or is still starting), a
 * transaction is run again on a new connection, waiting longer each time, until the database has
 * been gone for longer than the target's patience; then it fails with a {@link
 * ServingDatabaseUnavailableException}, so that a run stops rather than finish with rows missing.
 * Running a whole transaction again is safe: every write Kappa makes is an upsert or an insert that
 * ignores what is already there.
 */
final class ServingConnection implements AutoCloseable {
  private static final Duration FIRST_WAIT = Duration.ofMillis(250);
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

  /**
   * Since when (nanoTime) each database has been gone, for every writer of this JVM: patience
   * bounds the outage, not each writer's wait, or a runner that sets up a new writer for every
   * bundle (the DirectRunner does, after one gave up) would wait once per bundle.
   */
  private static final ConcurrentMap<String, Long> GONE_SINCE = new ConcurrentHashMap<>();

  /**
   * The statements of one transaction; it commits when they return. Statements are prepared inside
   * it, as a retried transaction may run on a new connection; the driver caches a connection's
   * parsed statements by their SQL, so preparing again per bundle is cheap.
   */
  interface Transaction {
    void run(Connection connection) throws SQLException;
  }

  private final JdbcTarget target;
  private Connection connection;

  ServingConnection(JdbcTarget target) {
    this.target = target;
  }

  /** Runs {@code transaction} and commits it; {@code what} names it in the error. */
  void transact(String what, Transaction transaction) throws SQLException {
    Duration wait = FIRST_WAIT;
    while (true) {
      try {
        if (connection == null) {
          connection = target.connect();
          connection.setAutoCommit(false);
        }
        transaction.run(connection);
        connection.commit();
        GONE_SINCE.remove(target.toString());
        return;
      } catch (SQLException e) {
        if (!JdbcTarget.isUnavailable(e)) {
          rollback();
          throw new SQLException(what + " on " + target + " failed: " + e.getMessage(), e);
        }
        close();
        long since = GONE_SINCE.computeIfAbsent(target.toString(), url -> System.nanoTime());
        if (System.nanoTime() + wait.toNanos() > since + target.patience().toNanos()) {
          throw new ServingDatabaseUnavailableException(target, what, e);
        }
        sleep(wait);
        Duration doubled = wait.multipliedBy(2);
        wait = doubled.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : doubled;
      }
    }
  }

  private void rollback() {
    try {
      if (connection != null) {
        connection.rollback();
      }
    } catch (SQLException ignored) {
      close(); // the transaction's first error is the one worth reporting
    }
  }

  private static void sleep(Duration wait) throws SQLException {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for the serving database", e);
    }
  }

  @Override
  public void close() {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // A broken connection cannot be closed cleanly; the driver has released it already.
    } finally {
      connection = null;
    }
  }
}
