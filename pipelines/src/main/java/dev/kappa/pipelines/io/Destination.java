package dev.kappa.pipelines.io;

import java.io.Serializable;
import java.util.Optional;

/** Where a sink writes: the terminal ({@code console}, {@code stderr}) or {@code jsonl:DIR}. */
public final class Destination implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String JSONL = "jsonl:";

  /** The kinds of destination. */
  public enum Kind {
    CONSOLE,
    STDERR,
    JSONL
  }

  private final Kind kind;
  private final String directory;

  private Destination(Kind kind, String directory) {
    this.kind = kind;
    this.directory = directory;
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

  /** Parses {@code --sink}: {@code console} or {@code jsonl:DIR}. */
  public static Destination parseSink(String spec) {
    if (spec.equals("console")) {
      return console();
    }
    return parseJsonl(spec)
        .orElseThrow(() -> unknown("--sink", spec, "'console' or 'jsonl:DIR'"));
  }

  /**
   * Parses {@code --deadLetters}: {@code stderr} or {@code jsonl:DIR}; empty means the default for
   * the results sink: {@code DIR/dead-letters} beside jsonl results, stderr beside the console.
   */
  public static Destination parseDeadLetters(String spec, Destination results) {
    if (spec.isEmpty()) {
      return results.kind == Kind.JSONL
          ? jsonl(results.directory.replaceAll("/+$", "") + "/dead-letters")
          : stderr();
    }
    if (spec.equals("stderr")) {
      return stderr();
    }
    return parseJsonl(spec)
        .orElseThrow(() -> unknown("--deadLetters", spec, "'stderr' or 'jsonl:DIR'"));
  }

  private static Optional<Destination> parseJsonl(String spec) {
    return spec.startsWith(JSONL)
        ? Optional.of(jsonl(spec.substring(JSONL.length())))
        : Optional.empty();
  }

  private static IllegalArgumentException unknown(String option, String spec, String valid) {
    return new IllegalArgumentException(
        "unknown " + option + " '" + spec + "' (expected " + valid + ")");
  }

  public Kind kind() {
    return kind;
  }

  /** The directory of a {@code jsonl:} destination. */
  public String directory() {
    return directory;
  }

  @Override
  public String toString() {
    return kind == Kind.JSONL ? JSONL + directory : kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
