package dev.kappa.pipelines.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.stream.Stream;

/** Reads {@code auction-stats} result files back: all panes, and the final value per window. */
public final class FinalResults {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FinalResults() {}

  static String values(long bids, long maxPrice, long totalPrice) {
    return "bids=" + bids + " max=" + maxPrice + " total=" + totalPrice;
  }

  /** Every result row in the JSON lines files {@code DIR/PREFIX-*.jsonl}. */
  public static List<JsonNode> rows(Path directory, String prefix) {
    List<JsonNode> rows = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.startsWith(prefix + "-") && name.endsWith(".jsonl")) {
          for (String line : Files.readAllLines(file)) {
            rows.add(JSON.readTree(line));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /**
   * The last pane of every (auction, window), after checking that no pane was written twice. Pane
   * labels differ between runners, so the highest pane index, not a label, marks the final value.
   */
  public static Map<String, String> ofAuctionStats(Path directory, long windowSizeMs) {
    List<JsonNode> rows = rows(directory, "results");
    assertTrue(!rows.isEmpty(), "no results in " + directory);
    Set<String> panes = new HashSet<>();
    Map<String, JsonNode> last = new HashMap<>();
    for (JsonNode row : rows) {
      String key = row.get("auction").asLong() + "@" + row.get("windowStart").asLong();
      assertEquals(
          row.get("windowStart").asLong() + windowSizeMs, row.get("windowEnd").asLong(), key);
      assertTrue(panes.add(key + "#" + row.get("paneIndex").asLong()), "pane written twice: " + key);
      JsonNode previous = last.get(key);
      if (previous == null || previous.get("paneIndex").asLong() < row.get("paneIndex").asLong()) {
        last.put(key, row);
      }
    }
    Map<String, String> results = new HashMap<>();
    last.forEach(
        (key, row) ->
            results.put(
                key,
                values(
                    row.get("bids").asLong(),
                    row.get("maxPrice").asLong(),
                    row.get("totalPrice").asLong())));
    return results;
  }

  /** How many panes carry each timing label, for documenting what a runner reports. */
  public static Map<String, Integer> timingLabels(Path directory) {
    Map<String, Integer> labels = new TreeMap<>();
    for (JsonNode row : rows(directory, "results")) {
      labels.merge(row.path("timing").asText("none (not windowed)"), 1, Integer::sum);
    }
    return labels;
  }
}
