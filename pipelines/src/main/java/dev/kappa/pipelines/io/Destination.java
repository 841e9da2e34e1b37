package dev.kappa.pipelines.io;

import dev.kappa.pipelines.serving.JdbcTarget;
import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;

/**
 * Where a sink writes: the terminal ({@code console}, {@code stderr}), JSON lines files ({@code
 * jsonl:DIR}), the serving database ({@code jdbc:postgresql://...}) or a Kafka topic ({@code
 * kafka:TOPIC}: results, written at least once or in {@link #exactlyOnceWriters()} transactional
 * writers, or dead letters).
 */
public final class Destination implements Serializable {
  private static final long serialVersionUID = 4L;
  private static final String JSONL = "jsonl:";
  private static final String KAFKA = "kafka:";

  /** The kinds of destination. */
  public enum Kind {
    CONSOLE,
    STDERR,
    JSONL,
    JDBC,
    KAFKA
  }

  private final Kind kind;
  private final String location;

  /** The database of a {@code jdbc:} destination, parsed once; null for the other kinds. */
  private final JdbcTarget database;

  /** A {@code kafka:} results topic: its transactional writers, or 0 to write at least once. */
  private final int exactlyOnceWriters;

  private Destination(Kind kind, String location) {
    this(kind, location, null, 0);
  }

  private Destination(Kind kind, String location, JdbcTarget database, int exactlyOnceWriters) {
    this.kind = kind;
    this.location = location;
    this.database = database;
    this.exactlyOnceWriters = exactlyOnceWriters;
  }

  /** This destination; a database is waited for up to {@code patience} when it goes away. */
  public Destination withDatabasePatience(Duration patience) {
    return database == null
        ? this
        : new Destination(kind, location, database.withPatience(patience), exactlyOnceWriters);
  }

  /**
   * This destination, a Kafka topic written exactly once by {@code writers} transactional writers
   * (the runner must make its input stable: Flink with checkpoints).
   */
  public Destination withExactlyOnceWriters(int writers) {
    if (kind != Kind.KAFKA || writers < 1) {
      throw new IllegalArgumentException(
          "exactly once needs a kafka: destination and a writer, not " + this);
    }
    return new Destination(kind, location, database, writers);
  }

  /** The transactional writers of an exactly-once Kafka topic; 0: written at least once. */
  public int exactlyOnceWriters() {
    return exactlyOnceWriters;
  }

  public static Destination console() {
    return new Destination(Kind.CONSOLE, "");
  }

  public static Destination stderr() {
    return new Destination(Kind.STDERR, "");
  }

  public static Destination jsonl(String directory) {
    if (directory.isBlank()) {
      throw new IllegalArgumentException("jsonl: needs a directory, as in jsonl:out/");
    }
    return new Destination(Kind.JSONL, directory);
  }

  /**
   * Parses {@code --sink}: {@code console}, {@code jsonl:DIR}, {@code jdbc:postgresql://...} or
   * {@code kafka:TOPIC} (written at least once; see {@link #withExactlyOnceWriters}).
   */
  public static Destination parseSink(String spec) {
    if (spec.equals("console")) {
      return console();
    }
    if (spec.startsWith(JSONL)) {
      return jsonl(spec.substring(JSONL.length()));
    }
    if (JdbcTarget.isJdbc(spec)) {
      return jdbc(spec);
    }
    if (spec.startsWith(KAFKA) && spec.length() > KAFKA.length()) {
      return new Destination(Kind.KAFKA, spec.substring(KAFKA.length()));
    }
    throw unknown(
        "--sink",
        spec,
        "'console', 'jsonl:DIR', 'jdbc:postgresql://HOST:PORT/DB' or 'kafka:TOPIC'");
  }

  /**
   * Parses {@code --deadLetters}: {@code stderr}, {@code jsonl:DIR}, {@code kafka:TOPIC} or {@code
   * jdbc:postgresql://...}; empty means the default for the results sink: {@code DIR/dead-letters}
   * beside jsonl results, the serving database beside jdbc results, stderr otherwise.
   */
  public static Destination parseDeadLetters(String spec, Destination results) {
    if (spec.isEmpty()) {
      switch (results.kind) {
        case JSONL:
          return jsonl(results.location.replaceAll("/+$", "") + "/dead-letters");
        case JDBC:
          return results;
        default:
          return stderr();
      }
    }
    if (spec.equals("stderr")) {
      return stderr();
    }
    if (spec.startsWith(JSONL)) {
      return jsonl(spec.substring(JSONL.length()));
    }
    if (spec.startsWith(KAFKA) && spec.length() > KAFKA.length()) {
      return new Destination(Kind.KAFKA, spec.substring(KAFKA.length()));
    }
    if (JdbcTarget.isJdbc(spec)) {
      return jdbc(spec);
    }
    throw unknown(
        "--deadLetters", spec, "'stderr', 'jsonl:DIR', 'kafka:TOPIC' or 'jdbc:postgresql://...'");
  }

  /** Parsed now: anything but PostgreSQL is refused here, not at the first write. */
  private static Destination jdbc(String url) {
    return new Destination(Kind.JDBC, url, JdbcTarget.parse(url), 0);
  }

  private static IllegalArgumentException unknown(String option, String spec, String valid) {
    return new IllegalArgumentException(
        "unknown " + option + " '" + JdbcTarget.redact(spec) + "' (expected " + valid + ")");
  }

  public Kind kind() {
    return kind;
  }

  /** The directory of a {@code jsonl:} destination. */
  public String directory() {
    return location;
  }

  /** The topic of a {@code kafka:} destination. */
  public String topic() {
    return location;
  }

  /** The database of a {@code jdbc:} destination. */
  public JdbcTarget database() {
    return database;
  }

  @Override
  public String toString() {
    switch (kind) {
      case JSONL:
        return JSONL + location;
      case KAFKA:
        return KAFKA + location;
      case JDBC:
        return database().toString();
      default:
        return kind.name().toLowerCase(Locale.ROOT);
    }
  }
}
