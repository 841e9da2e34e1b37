package dev.kappa.testing;

import dev.kappa.model.Auction;
import dev.kappa.model.Bid;
import dev.kappa.model.Event;
import dev.kappa.transforms.FindWinningBids;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code category-prices} against a plain-Java model of NEXMark Q4/Q9: the model {@code
 * EveryPipelineTest} holds the pipeline to, batch and streaming.
 */
public class CategoryPricesModel {
  public static final List<String> KEY = List.of("category");
  public static final List<String> VALUES = List.of("closedAuctions", "avgClosingPrice");
  private static final long WINDOW_MS = 60_000;

  /** Each auction of the file with its winning bid, if it has one (NEXMark Q9). */
  public static Map<Auction, Bid> winners(Path events) {
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
    Map<Auction, Bid> winners = new HashMap<>();
    for (Auction auction : auctions) {
      Bid best = null;
      for (Bid bid : bidsByAuction.getOrDefault(auction.getId(), List.of())) {
        if (FindWinningBids.isValid(bid, auction)
            && (best == null || FindWinningBids.beats(bid, best))) {
          best = bid;
        }
      }
      if (best != null) {
        winners.put(auction, best);
      }
    }
    return winners;
  }

  /** Winning bid per auction, then count and average per category and window of expiry. */
  public static Map<String, List<String>> model(Path events) {
    Map<String, long[]> perCategoryWindow = new TreeMap<>();
    for (Map.Entry<Auction, Bid> winner : winners(events).entrySet()) {
      Auction auction = winner.getKey();
      long start = Models.windowStart(auction.getExpires(), WINDOW_MS);
      long[] summary =
          perCategoryWindow.computeIfAbsent(
              Models.group("category=" + auction.getCategory(), start, start + WINDOW_MS),
              g -> new long[2]);
      summary[0]++;
      summary[1] += winner.getValue().getPrice();
    }
    Map<String, List<String>> answers = new TreeMap<>();
    perCategoryWindow.forEach(
        (group, s) ->
            answers.put(
                group,
                List.of("closedAuctions=" + s[0] + " avgClosingPrice=" + (double) s[1] / s[0])));
    return answers;
  }
}
