package dev.kappa.bench.peers;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A peer's final answers as JSON lines rows shaped like Kappa's ({@code DIR/results-NAME.jsonl}),
 * so the harness reads every system's answers with the same reader and compares them with the
 * pipeline's model.
 */
public final class PeerResults implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final BufferedWriter out;
  private long rows;

  public PeerResults(Path directory) {
    this(directory, "peer");
  }

  /** Rows in {@code DIR/results-NAME.jsonl}. */
  public PeerResults(Path directory, String name) {
    try {
      Files.createDirectories(directory);
      out = Files.newBufferedWriter(directory.resolve("results-" + name + ".jsonl"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One row: alternating field names and values, then the window bounds. */
  public void write(long windowStart, long windowEnd, Object... fields) {
    writeLine(row(windowStart, windowEnd, fields));
  }

  /** A row made by {@link #row}. */
  public void writeLine(String row) {
    try {
      out.write(row);
      out.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rows++;
  }

  /** A row as JSON: alternating field names and values, then the window bounds. */
  public static String row(long windowStart, long windowEnd, Object... fields) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < fields.length; i += 2) {
      row.put((String) fields[i], fields[i + 1]);
    }
    row.put("windowStart", windowStart);
    row.put("windowEnd", windowEnd);
    try {
      return JSON.writeValueAsString(row);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long rows() {
    return rows;
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
