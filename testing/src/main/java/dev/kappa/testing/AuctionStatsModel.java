package dev.kappa.testing;

import dev.kappa.model.Bid;
import dev.kappa.model.Event;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code auction-stats}: the plain-Java model of its results. */
public class AuctionStatsModel {
  public static final List<String> KEY = List.of("auction");
  public static final List<String> VALUES = List.of("bids", "maxPrice", "totalPrice");
  private static final long WINDOW_MS = 10_000;

  /**
   * The query of the answers {@code auction-stats} serves, from a version's table or the view,
   * without the columns that differ between equal answers (pane index and timing, write time).
   */
  public static String servedAnswers(String tableOrView) {
    return "SELECT auction, window_start, window_end, bids, max_price, total_price FROM "
        + tableOrView;
  }

  /**
   * The plain-Java reference, as NEXMark has a model per query: per auction and window, the bids
   * and the highest and total price over the whole input (where nothing is late).
   */
  public static Map<String, List<String>> model(Path events) {
    Map<String, long[]> stats = new HashMap<>();
    for (Event event : Models.events(events)) {
      Bid bid = event.getBid();
      if (bid == null) {
        continue;
      }
      long start = Models.windowStart(bid.getDateTime(), WINDOW_MS);
      long[] s =
          stats.computeIfAbsent(
              Models.group("auction=" + bid.getAuction(), start, start + WINDOW_MS),
              group -> new long[3]);
      s[0]++;
      s[1] = Math.max(s[1], bid.getPrice());
      s[2] += bid.getPrice();
    }
    Map<String, List<String>> answers = new TreeMap<>();
    stats.forEach(
        (group, s) ->
            answers.put(
                group, List.of("bids=" + s[0] + " maxPrice=" + s[1] + " totalPrice=" + s[2])));
    return answers;
  }
}
