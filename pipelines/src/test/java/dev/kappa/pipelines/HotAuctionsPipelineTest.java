package dev.kappa.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.LauncherRuns;
import dev.kappa.model.Bid;
import dev.kappa.model.Event;
import dev.kappa.pipelines.testing.EventFiles;
import dev.kappa.pipelines.testing.Models;
import dev.kappa.pipelines.testing.Panes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hot-auctions} against a plain-Java model of NEXMark Q5, batch and live, on Direct. */
public class HotAuctionsPipelineTest {
  public static final List<String> VALUES = List.of("auction", "bids");
  private static final long SIZE_MS = 60_000;
  private static final long PERIOD_MS = 10_000;

  /** Per sliding window, the auctions with the most bids. */
  public static Map<String, List<String>> model(Path events) {
    Map<Long, Map<Long, Long>> counts = new HashMap<>();
    for (Event event : Models.events(events)) {
      Bid bid = event.getBid();
      if (bid == null) {
        continue;
      }
      long lastStart = Models.windowStart(bid.getDateTime(), PERIOD_MS);
      for (long start = lastStart; start > bid.getDateTime() - SIZE_MS; start -= PERIOD_MS) {
        counts.computeIfAbsent(start, s -> new HashMap<>()).merge(bid.getAuction(), 1L, Long::sum);
      }
    }
    Map<String, List<String>> answers = new TreeMap<>();
    counts.forEach(
        (start, perAuction) -> {
          long top = perAuction.values().stream().mapToLong(Long::longValue).max().orElseThrow();
          List<String> rows = new ArrayList<>();
          perAuction.forEach(
              (auction, bids) -> {
                if (bids == top) {
                  rows.add("auction=" + auction + " bids=" + bids);
                }
              });
          rows.sort(null);
          answers.put(Models.group("", start, start + SIZE_MS), rows);
        });
    return answers;
  }

  @Test
  void batchFinalResultsEqualTheModel(@TempDir Path dir) throws Exception {
    Path events =
        EventFiles.write(dir.resolve("events.jsonl"), GeneratorConfig.builder().events(20_000).build());

    LauncherRuns.run("hot-auctions", dir.resolve("out"), "--source=file:" + events);

    assertEquals(model(events), Panes.lastPanes(dir.resolve("out"), List.of(), VALUES));
  }

  @Test
  void liveFinalResultsEqualTheModelOfTheSameEvents(@TempDir Path dir) throws Exception {
    GeneratorConfig config = GeneratorConfig.builder().events(20_000).seed(13).build();
    Path events = EventFiles.write(dir.resolve("events.jsonl"), config);

    LauncherRuns.run(
        "hot-auctions", dir.resolve("out"), "--streaming=true", "--events=20000", "--seed=13");

    assertEquals(model(events), Panes.lastPanes(dir.resolve("out"), List.of(), VALUES));
  }
}
