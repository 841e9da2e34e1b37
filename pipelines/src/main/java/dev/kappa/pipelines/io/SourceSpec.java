package dev.kappa.pipelines.io;

import java.util.Optional;

/**
 * What {@code --source} names, parsed once: the generator, {@code file:PATH} (a path or glob) or
 * {@code kafka:TOPIC}. Parsing does no I/O; the launcher checks that the thing exists.
 */
public record SourceSpec(Kind kind, String location) {
  private static final String FILE = "file:";
  private static final String KAFKA = "kafka:";

  /** The three kinds of source. */
  public enum Kind {
    GENERATOR,
    FILE,
    KAFKA
  }

  /** {@code spec} as a source; anything else is an IllegalArgumentException listing the forms. */
  public static SourceSpec parse(String spec) {
    if (spec.startsWith(FILE) && spec.length() > FILE.length()) {
      return new SourceSpec(Kind.FILE, spec.substring(FILE.length()));
    }
    if (spec.startsWith(KAFKA) && spec.length() > KAFKA.length()) {
      return new SourceSpec(Kind.KAFKA, spec.substring(KAFKA.length()));
    }
    if (spec.equals("generator")) {
      return new SourceSpec(Kind.GENERATOR, "");
    }
    throw new IllegalArgumentException(
        "unknown --source '" + spec + "' (expected 'generator', 'file:PATH' or 'kafka:TOPIC')");
  }

  /** The topic of a {@code kafka:TOPIC} source. */
  public Optional<String> topic() {
    return kind == Kind.KAFKA ? Optional.of(location) : Optional.empty();
  }
}
