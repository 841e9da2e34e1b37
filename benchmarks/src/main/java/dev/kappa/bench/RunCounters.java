package dev.kappa.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The counters of a Kappa run, read from the one-line summary {@code --summary=json} prints when
 * the run ends: a run must have read every event it was given and sent none to dead letters.
 */
record RunCounters(long recordsRead, long deadLetters) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUMMARY_START = "{\"pipeline\":";

  /** The summary in a run's log, if the run got far enough to print one. */
  static Optional<RunCounters> fromLog(Path log) throws IOException {
    Optional<String> line = summaryLine(log);
    if (line.isEmpty()) {
      return Optional.empty();
    }
    JsonNode summary = JSON.readTree(line.get());
    return Optional.of(
        new RunCounters(summary.get("recordsRead").asLong(), summary.get("deadLetters").asLong()));
  }

  /** The summary line itself (one JSON document), if the run printed one. */
  static Optional<String> summaryLine(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith(SUMMARY_START)) {
        return Optional.of(lines.get(i));
      }
    }
    return Optional.empty();
  }

  /** "correct" if all {@code events} were read and none was a dead letter, else what was not. */
  String outcome(long events) {
    if (recordsRead != events || deadLetters != 0) {
      return "wrong(read "
          + recordsRead
          + " of "
          + events
          + " records; "
          + deadLetters
          + " dead letters)";
    }
    return "correct";
  }
}
