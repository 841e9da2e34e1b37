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
 * {@code highest-bid} against a plain-Java model of NEXMark Q7: the model {@code EveryPipelineTest}
 * holds the pipeline to, batch and streaming.
 */
public class HighestBidModel {
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
                "auction="
                    + bid.getAuction()
                    + " bidder="
                    + bid.getBidder()
                    + " price="
                    + bid.getPrice()
                    + " dateTime="
                    + bid.getDateTime());
          }
          rows.sort(null);
          answers.put(Models.group("", start, start + WINDOW_MS), rows);
        });
    return answers;
  }
}
