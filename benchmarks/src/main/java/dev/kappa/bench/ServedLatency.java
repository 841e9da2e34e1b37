package dev.kappa.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.stream.Stream;

/**
 * Watches a live run's {@code auction_stats} results while it writes them, every {@link #PERIOD_MS}
 * ms, and notes for each latency sample the first moment a row of its auction and window counted at
 * least as many bids as its ordinal: a pane that includes it is visible to readers then. Bids of an
 * auction share a partition, so they are counted in the order sent. The rows are Kappa's served
 * rows in PostgreSQL ({@link #ofDatabase}) or the lines the native job appends to its result files,
 * flushed one by one ({@link #ofFiles}).
 */
final class ServedLatency implements AutoCloseable {
  static final long PERIOD_MS = 100;

  /** Result rows new since the previous call, as auction, window start and bids. */
  private interface Rows extends AutoCloseable {
    void readNew(RowConsumer rows) throws IOException, SQLException;

    @Override
    void close() throws SQLException;
  }

  @FunctionalInterface
  private interface RowConsumer {
    void accept(long auction, long windowStart, long bids);
  }

  private final LiveEvents events;
  private final long[] visible;
  private final Map<String, List<Integer>> pendingByRow = new HashMap<>();
  private final Thread thread;
  private volatile boolean stopped;
  private volatile Exception failure;

  private ServedLatency(Rows rows, LiveEvents events) {
    this.events = events;
    this.visible = new long[events.samples];
    for (int s = 0; s < events.samples; s++) {
      pendingByRow.computeIfAbsent(events.sampleRow[s], k -> new ArrayList<>()).add(s);
    }
    this.thread = new Thread(() -> poll(rows), "served-latency");
    thread.setDaemon(true);
    thread.start();
  }

  /** Kappa's served rows: table {@code auction_stats} of {@code jdbcUrl}. */
  static ServedLatency ofDatabase(String jdbcUrl, LiveEvents events) throws SQLException {
    return new ServedLatency(new DatabaseRows(DriverManager.getConnection(jdbcUrl)), events);
  }

  /** The lines appended to {@code DIR/results-*.jsonl}. */
  static ServedLatency ofFiles(Path directory, LiveEvents events) {
    return new ServedLatency(new FileRows(directory), events);
  }

  private void poll(Rows rows) {
    try (rows) {
      while (!stopped) {
        long seen = System.currentTimeMillis();
        rows.readNew(
            (auction, windowStart, bids) -> {
              List<Integer> pending = pendingByRow.get(auction + "@" + windowStart);
              if (pending != null) {
                pending.removeIf(
                    s -> {
                      if (events.sampleOrdinal[s] <= bids) {
                        visible[s] = seen;
                        return true;
                      }
                      return false;
                    });
              }
            });
        Thread.sleep(PERIOD_MS);
      }
    } catch (IOException | SQLException e) {
      failure = e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** When each sample became visible (epoch ms; 0: not seen). Stops the polling. */
  long[] visibleTimes() throws InterruptedException, IOException, SQLException {
    close();
    if (failure instanceof IOException e) {
      throw e;
    }
    if (failure instanceof SQLException e) {
      throw e;
    }
    return visible;
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true; // no interrupt: it would break a query in flight
    thread.join();
  }

  /**
   * The rows changed since 5 s before the previous poll began ({@code updated_at} is a
   * transaction's start, so one that began earlier may commit after that poll).
   */
  private static final class DatabaseRows implements Rows {
    private static final long OVERLAP_MS = 5_000;
    private final Connection db;
    private long since;

    DatabaseRows(Connection db) {
      this.db = db;
    }

    @Override
    public void readNew(RowConsumer consumer) throws SQLException {
      long pollStart = System.currentTimeMillis();
      try (ResultSet r = db.getMetaData().getTables(null, null, "auction_stats", null)) {
        if (!r.next()) {
          return;
        }
      }
      try (PreparedStatement query =
          db.prepareStatement(
              "SELECT auction, window_start, bids FROM auction_stats WHERE updated_at >= ?")) {
        query.setTimestamp(1, new Timestamp(since));
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            consumer.accept(rows.getLong(1), rows.getLong(2), rows.getLong(3));
          }
        }
      }
      since = pollStart - OVERLAP_MS;
    }

    @Override
    public void close() throws SQLException {
      db.close();
    }
  }

  /** The complete lines appended to each result file since the previous poll. */
  private static final class FileRows implements Rows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path directory;
    private final Map<Path, Long> readUpTo = new HashMap<>();

    FileRows(Path directory) {
      this.directory = directory;
    }

    @Override
    public void readNew(RowConsumer consumer) throws IOException {
      if (!Files.isDirectory(directory)) {
        return;
      }
      List<Path> files;
      try (Stream<Path> listed = Files.list(directory)) {
        files = listed.filter(f -> f.getFileName().toString().startsWith("results-")).toList();
      }
      for (Path file : files) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
          long from = readUpTo.getOrDefault(file, 0L);
          byte[] appended = new byte[(int) (in.length() - from)];
          in.seek(from);
          in.readFully(appended);
          int lineStart = 0;
          for (int i = 0; i < appended.length; i++) {
            if (appended[i] == '\n') {
              JsonNode row =
                  JSON.readTree(
                      new String(appended, lineStart, i - lineStart, StandardCharsets.UTF_8));
              consumer.accept(
                  row.path("auction").asLong(),
                  row.path("windowStart").asLong(),
                  row.path("bids").asLong());
              lineStart = i + 1;
            }
          }
          readUpTo.put(file, from + lineStart);
        }
      }
    }

    @Override
    public void close() {}
  }
}
