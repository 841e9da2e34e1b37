package dev.kappa.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches the served {@code auction_stats} rows in PostgreSQL while a live run writes them, every
 * {@link #PERIOD_MS} ms, and notes for each latency sample the first moment a row of its auction
 * and window counted at least as many bids as its ordinal: a pane that includes it is visible to
 * readers then. Bids of an auction share a partition, so they are counted in the order sent.
 */
final class ServedLatency implements AutoCloseable {
  static final long PERIOD_MS = 100;
  /** Rows changed this long before the previous poll's start are read again, in case a
   * transaction that began earlier committed after that poll. */
  private static final long OVERLAP_MS = 5_000;

  private final String jdbcUrl;
  private final LiveEvents events;
  private final long[] visible;
  private final Map<String, List<Integer>> pendingByRow = new HashMap<>();
  private final Thread thread;
  private volatile boolean stopped;
  private volatile SQLException failure;

  ServedLatency(String jdbcUrl, LiveEvents events) {
    this.jdbcUrl = jdbcUrl;
    this.events = events;
    this.visible = new long[events.samples];
    for (int s = 0; s < events.samples; s++) {
      pendingByRow.computeIfAbsent(events.sampleRow[s], k -> new ArrayList<>()).add(s);
    }
    this.thread = new Thread(this::poll, "served-latency");
    thread.setDaemon(true);
    thread.start();
  }

  private void poll() {
    try (Connection db = DriverManager.getConnection(jdbcUrl)) {
      long since = 0;
      while (!stopped) {
        long pollStart = System.currentTimeMillis();
        if (tableExists(db)) {
          read(db, since);
          since = pollStart - OVERLAP_MS;
        }
        Thread.sleep(PERIOD_MS);
      }
    } catch (SQLException e) {
      failure = e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean tableExists(Connection db) throws SQLException {
    try (ResultSet r = db.getMetaData().getTables(null, null, "auction_stats", null)) {
      return r.next();
    }
  }

  private void read(Connection db, long sinceMillis) throws SQLException {
    try (PreparedStatement query = db.prepareStatement(
        "SELECT auction, window_start, bids FROM auction_stats WHERE updated_at >= ?")) {
      query.setTimestamp(1, new Timestamp(sinceMillis));
      try (ResultSet rows = query.executeQuery()) {
        long seen = System.currentTimeMillis();
        while (rows.next()) {
          List<Integer> pending = pendingByRow.get(rows.getLong(1) + "@" + rows.getLong(2));
          if (pending == null) {
            continue;
          }
          long bids = rows.getLong(3);
          pending.removeIf(s -> {
            if (events.sampleOrdinal[s] <= bids) {
              visible[s] = seen;
              return true;
            }
            return false;
          });
        }
      }
    }
  }

  /** When each sample became visible (epoch ms; 0: not seen). Stops the polling. */
  long[] visibleTimes() throws InterruptedException, SQLException {
    close();
    if (failure != null) {
      throw failure;
    }
    return visible;
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true; // no interrupt: it would break a query in flight
    thread.join();
  }
}
