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

/** {@code highest-bid} against a plain-Java model of NEXMark Q7, batch and live, on Direct. */
public class HighestBidPipelineTest {
  public static final List<String> VALUES = List.of("auction", "bidder", "price", "dateTime");
  private static final long WINDOW_MS = 10_000;

  /** Per window, every bid at the window's top price. */
  public static Map<String, List<String>> model(Path events) {
    Map<Long, List<Bid>> top = new HashMap<>();
    for (Event event : Models.events(events)) {
      Bid bid = event.getBid();
      if (bid == null) {
        continue;
      }
      List<Bid> highest =
          top.computeIfAbsent(
              Models.windowStart(bid.getDateTime(), WINDOW_MS), w -> new ArrayList<>());
      if (!highest.isEmpty() && bid.getPrice() > highest.get(0).getPrice()) {
        highest.clear();
      }
      if (highest.isEmpty() || bid.getPrice() == highest.get(0).getPrice()) {
        highest.add(bid);
      }
    }
    Map<String, List<String>> answers = new TreeMap<>();
    top.forEach(
        (start, bids) -> {
          List<String> rows = new ArrayList<>();
          for (Bid bid : bids) {
            rows.add(
                "auction=" + bid.getAuction() + " bidder=" + bid.getBidder() + " price="
                    + bid.getPrice() + " dateTime=" + bid.getDateTime());
          }
          rows.sort(null);
          answers.put(Models.group("", start, start + WINDOW_MS), rows);
        });
    return answers;
  }

  @Test
  void batchFinalResultsEqualTheModel(@TempDir Path dir) throws Exception {
    Path events =
        EventFiles.write(dir.resolve("events.jsonl"), GeneratorConfig.builder().events(20_000).build());

    LauncherRuns.run("highest-bid", dir.resolve("out"), "--source=file:" + events);

    assertEquals(model(events), Panes.lastPanes(dir.resolve("out"), List.of(), VALUES));
  }

  @Test
  void liveFinalResultsEqualTheModelOfTheSameEvents(@TempDir Path dir) throws Exception {
    GeneratorConfig config = GeneratorConfig.builder().events(20_000).seed(11).build();
    Path events = EventFiles.write(dir.resolve("events.jsonl"), config);

    LauncherRuns.run(
        "highest-bid", dir.resolve("out"), "--streaming=true", "--events=20000", "--seed=11");

    assertEquals(model(events), Panes.lastPanes(dir.resolve("out"), List.of(), VALUES));
  }
}
