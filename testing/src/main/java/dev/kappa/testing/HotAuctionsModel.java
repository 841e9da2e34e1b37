package dev.kappa.testing;

import dev.kappa.model.Bid;
import dev.kappa.model.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code hot-auctions} against a plain-Java model of NEXMark Q5: the model {@code
 * EveryPipelineTest} holds the pipeline to, batch and streaming.
 */
public class HotAuctionsModel {
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
}
