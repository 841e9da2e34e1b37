package dev.kappa.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Final answers from any pipeline's JSON lines results: the rows of the last pane of each group (a
 * group is a window plus the pipeline's key fields), each row reduced to its value fields. The
 * highest pane index, not a timing label, marks the last pane: labels differ between runners.
 */
public final class Panes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Panes() {}

  /**
   * Group key to the sorted value strings of the group's last pane, after checking that no row of a
   * pane was written twice.
   */
  public static Map<String, List<String>> lastPanes(
      Path results, List<String> keyFields, List<String> valueFields) {
    return lastPanes(rows(results, "results"), keyFields, valueFields);
  }

  /** {@link #lastPanes(Path, List, List)} of result rows as JSON objects. */
  public static Map<String, List<String>> lastPanes(
      List<JsonNode> results, List<String> keyFields, List<String> valueFields) {
    Map<String, Long> lastPane = new HashMap<>();
    Map<String, List<JsonNode>> rowsByPane = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode row : results) {
      String group = fields(row, keyFields) + "@" + window(row);
      long pane = row.path("paneIndex").asLong(0);
      assertTrue(seen.add(group + "#" + pane + "#" + row), "row written twice: " + row);
      lastPane.merge(group, pane, Math::max);
      rowsByPane.computeIfAbsent(group + "#" + pane, k -> new ArrayList<>()).add(row);
    }
    Map<String, List<String>> answers = new TreeMap<>();
    lastPane.forEach(
        (group, pane) ->
            answers.put(
                group,
                rowsByPane.get(group + "#" + pane).stream()
                    .map(row -> fields(row, valueFields))
                    .sorted()
                    .collect(Collectors.toList())));
    return answers;
  }

  /** Each line parsed as a JSON object. */
  public static List<JsonNode> parse(Iterable<String> lines) {
    List<JsonNode> rows = new ArrayList<>();
    try {
      for (String line : lines) {
        rows.add(JSON.readTree(line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** Every row in the JSON lines files {@code DIR/PREFIX-*.jsonl}. */
  public static List<JsonNode> rows(Path directory, String prefix) {
    List<JsonNode> rows = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.startsWith(prefix + "-") && name.endsWith(".jsonl")) {
          rows.addAll(parse(Files.readAllLines(file)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** How many result rows carry each timing label, for documenting what a runner reports. */
  public static Map<String, Integer> timingLabels(Path results) {
    Map<String, Integer> labels = new TreeMap<>();
    for (JsonNode row : rows(results, "results")) {
      labels.merge(row.path("timing").asText("none (not windowed)"), 1, Integer::sum);
    }
    return labels;
  }

  private static String window(JsonNode row) {
    return row.has("windowStart")
        ? row.get("windowStart").asLong() + "-" + row.get("windowEnd").asLong()
        : "global";
  }

  static String fields(JsonNode row, List<String> names) {
    return names.stream()
        .map(name -> name + "=" + row.path(name).asText())
        .collect(Collectors.joining(" "));
  }
}
