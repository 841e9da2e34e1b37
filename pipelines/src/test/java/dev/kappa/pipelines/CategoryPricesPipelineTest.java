package dev.kappa.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.LauncherRuns;
import dev.kappa.model.Auction;
import dev.kappa.model.Bid;
import dev.kappa.model.Event;
import dev.kappa.pipelines.testing.EventFiles;
import dev.kappa.pipelines.testing.Models;
import dev.kappa.pipelines.testing.Panes;
import dev.kappa.transforms.FindWinningBids;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code category-prices} against a plain-Java model of NEXMark Q4/Q9, batch and live. */
public class CategoryPricesPipelineTest {
  public static final List<String> KEY = List.of("category");
  public static final List<String> VALUES = List.of("closedAuctions", "avgClosingPrice");
  private static final long WINDOW_MS = 60_000;

  /** Winning bid per auction, then count and average per category and window of expiry. */
  public static Map<String, List<String>> model(Path events) {
    List<Auction> auctions = new ArrayList<>();
    Map<Long, List<Bid>> bidsByAuction = new HashMap<>();
    for (Event event : Models.events(events)) {
      if (event.getAuction() != null) {
        auctions.add(event.getAuction());
      } else if (event.getBid() != null) {
        bidsByAuction
            .computeIfAbsent(event.getBid().getAuction(), a -> new ArrayList<>())
            .add(event.getBid());
      }
    }
    Map<String, long[]> perCategoryWindow = new TreeMap<>();
    for (Auction auction : auctions) {
      Bid best = null;
      for (Bid bid : bidsByAuction.getOrDefault(auction.getId(), List.of())) {
        if (FindWinningBids.isValid(bid, auction)
            && (best == null || FindWinningBids.beats(bid, best))) {
          best = bid;
        }
      }
      if (best != null) {
        long start = Models.windowStart(auction.getExpires(), WINDOW_MS);
        long[] summary =
            perCategoryWindow.computeIfAbsent(
                Models.group("category=" + auction.getCategory(), start, start + WINDOW_MS),
                g -> new long[2]);
        summary[0]++;
        summary[1] += best.getPrice();
      }
    }
    Map<String, List<String>> answers = new TreeMap<>();
    perCategoryWindow.forEach(
        (group, s) ->
            answers.put(
                group,
                List.of("closedAuctions=" + s[0] + " avgClosingPrice=" + (double) s[1] / s[0])));
    return answers;
  }

  @Test
  void batchFinalResultsEqualTheModel(@TempDir Path dir) throws Exception {
    Path events =
        EventFiles.write(dir.resolve("events.jsonl"), GeneratorConfig.builder().events(20_000).build());

    LauncherRuns.run("category-prices", dir.resolve("out"), "--source=file:" + events);

    Map<String, List<String>> expected = model(events);
    assertTrue(expected.size() >= 5, "categories and windows with winners: " + expected);
    assertEquals(expected, Panes.lastPanes(dir.resolve("out"), KEY, VALUES));
  }

  @Test
  void liveFinalResultsEqualTheModelOfTheSameEvents(@TempDir Path dir) throws Exception {
    GeneratorConfig config = GeneratorConfig.builder().events(20_000).seed(31).build();
    Path events = EventFiles.write(dir.resolve("events.jsonl"), config);

    LauncherRuns.run(
        "category-prices", dir.resolve("out"), "--streaming=true", "--events=20000", "--seed=31");

    assertEquals(model(events), Panes.lastPanes(dir.resolve("out"), KEY, VALUES));
  }
}
