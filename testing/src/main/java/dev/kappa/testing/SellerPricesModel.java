package dev.kappa.testing;

import dev.kappa.model.Auction;
import dev.kappa.model.Bid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;

/**
 * {@code seller-prices} against a plain-Java model of NEXMark Q6: the model {@code
 * EveryPipelineTest} holds it to, batch and streaming.
 */
public class SellerPricesModel {
  public static final List<String> KEY = List.of("seller");
  public static final List<String> VALUES = List.of("auctions", "avgSellingPrice");
  private static final int AUCTIONS = 10;

  /** Per seller, the average winning price of their last 10 auctions by expiry (then id). */
  public static Map<String, List<String>> model(Path events) {
    Map<Long, List<Map.Entry<Auction, Bid>>> bySeller = new HashMap<>();
    CategoryPricesModel.winners(events)
        .entrySet()
        .forEach(
            w -> bySeller.computeIfAbsent(w.getKey().getSeller(), s -> new ArrayList<>()).add(w));
    Map<String, List<String>> answers = new TreeMap<>();
    bySeller.forEach(
        (seller, closed) -> {
          closed.sort(
              Comparator.<Map.Entry<Auction, Bid>>comparingLong(w -> w.getKey().getExpires())
                  .thenComparingLong(w -> w.getKey().getId()));
          List<Map.Entry<Auction, Bid>> last =
              closed.subList(Math.max(0, closed.size() - AUCTIONS), closed.size());
          long total = last.stream().mapToLong(w -> w.getValue().getPrice()).sum();
          answers.put(
              Models.group(
                  "seller=" + seller,
                  BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis(),
                  GlobalWindow.INSTANCE.maxTimestamp().getMillis()),
              List.of(
                  "auctions=" + last.size() + " avgSellingPrice=" + (double) total / last.size()));
        });
    return answers;
  }
}
