package dev.kappa.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.model.Bid;
import dev.kappa.model.Event;
import dev.kappa.pipelines.testing.Models;
import dev.kappa.transforms.CleanBids;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code clean-bids}: the plain-Java model of Q1 and Q2, and its rounding to euro cents. */
public class CleanBidsPipelineTest {
  public static final List<String> FIELDS =
      List.of("type", "auction", "bidder", "price", "channel", "url", "dateTime", "extra", "priceEur");

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

  @Test
  void roundsHalfEvenToAWholeCent() {
    assertEquals(44, CleanBids.toEuroCents(50, new BigDecimal("0.89"))); // 44.5 -> 44
    assertEquals(46, CleanBids.toEuroCents(52, new BigDecimal("0.89"))); // 46.28 -> 46
    assertEquals(2, CleanBids.toEuroCents(5, new BigDecimal("0.5"))); // 2.5 -> 2
    assertEquals(4, CleanBids.toEuroCents(7, new BigDecimal("0.5"))); // 3.5 -> 4
  }
}
