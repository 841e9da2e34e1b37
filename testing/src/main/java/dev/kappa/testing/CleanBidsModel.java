package dev.kappa.testing;

import dev.kappa.model.Bid;
import dev.kappa.model.Event;
import dev.kappa.transforms.CleanBids;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code clean-bids}: the plain-Java model of Q1 and Q2. */
public class CleanBidsModel {
  public static final List<String> FIELDS =
      List.of(
          "type", "auction", "bidder", "price", "channel", "url", "dateTime", "extra", "priceEur");

  /** Every bid of the file (on the given auctions, if any) with its euro price. */
  public static Map<String, List<String>> model(
      Path events, BigDecimal usdToEur, Set<Long> auctions) {
    List<String> rows = new ArrayList<>();
    for (Event event : Models.events(events)) {
      Bid bid = event.getBid();
      if (bid == null || (!auctions.isEmpty() && !auctions.contains(bid.getAuction()))) {
        continue;
      }
      rows.add(
          String.join(
              " ",
              "type=bid",
              "auction=" + bid.getAuction(),
              "bidder=" + bid.getBidder(),
              "price=" + bid.getPrice(),
              "channel=" + bid.getChannel(),
              "url=" + bid.getUrl(),
              "dateTime=" + bid.getDateTime(),
              "extra=" + bid.getExtra(),
              "priceEur=" + CleanBids.toEuroCents(bid.getPrice(), usdToEur)));
    }
    rows.sort(null);
    return Map.of("@global", rows);
  }
}
