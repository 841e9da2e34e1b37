package dev.kappa.bench.peers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The practical ceiling of one core: one thread reads the lines (or the topic), decodes them with
 * Jackson and keeps each query's windows in a {@code HashMap}, then writes the final answers.
 *
 * <pre>java ... HandLoop QUERY file:PATH|kafka:TOPIC BOOTSTRAP OUT_DIR</pre>
 */
public final class HandLoop {
  private static final long TEN_SECONDS = 10_000;
  private static final long MINUTE = 60_000;

  private HandLoop() {}

  public static void main(String[] args) {
    PeerInput input = new PeerInput(args[1], args[2]);
    try (PeerResults out = new PeerResults(Path.of(args[3]))) {
      switch (args[0]) {
        case "auction-stats" -> auctionStats(input, out);
        case "hot-auctions" -> hotAuctions(input, out);
        case "highest-bid" -> highestBid(input, out);
        case "bidder-sessions" -> bidderSessions(input, out);
        default -> throw new IllegalArgumentException("no hand loop for " + args[0]);
      }
    }
  }

  private record AuctionWindow(long auction, long start) {}

  /** Bids, highest and total price per auction and 10 s window. */
  static void auctionStats(PeerInput input, PeerResults out) {
    Map<AuctionWindow, long[]> stats = new HashMap<>();
    input.forEachLine(
        line -> {
          BidJson bid = BidJson.parse(line);
          if (bid != null) {
            long[] s =
                stats.computeIfAbsent(
                    new AuctionWindow(
                        bid.auction(), BidJson.windowStart(bid.dateTime(), TEN_SECONDS)),
                    k -> new long[3]);
            s[0]++;
            s[1] = Math.max(s[1], bid.price());
            s[2] += bid.price();
          }
        });
    stats.forEach(
        (k, s) ->
            out.write(
                k.start(),
                k.start() + TEN_SECONDS,
                "auction",
                k.auction(),
                "bids",
                s[0],
                "maxPrice",
                s[1],
                "totalPrice",
                s[2]));
  }

  /** Per 60 s window sliding by 10 s, the auctions with the most bids. */
  static void hotAuctions(PeerInput input, PeerResults out) {
    Map<Long, Map<Long, Long>> counts = new HashMap<>();
    input.forEachLine(
        line -> {
          BidJson bid = BidJson.parse(line);
          if (bid != null) {
            long last = BidJson.windowStart(bid.dateTime(), TEN_SECONDS);
            for (long start = last; start > bid.dateTime() - MINUTE; start -= TEN_SECONDS) {
              counts
                  .computeIfAbsent(start, s -> new HashMap<>())
                  .merge(bid.auction(), 1L, Long::sum);
            }
          }
        });
    counts.forEach(
        (start, perAuction) -> {
          long top = perAuction.values().stream().mapToLong(Long::longValue).max().orElseThrow();
          perAuction.forEach(
              (auction, bids) -> {
                if (bids == top) {
                  out.write(start, start + MINUTE, "auction", auction, "bids", bids);
                }
              });
        });
  }

  /** Per 10 s window, every bid at the window's highest price. */
  static void highestBid(PeerInput input, PeerResults out) {
    Map<Long, List<BidJson>> top = new HashMap<>();
    input.forEachLine(
        line -> {
          BidJson bid = BidJson.parse(line);
          if (bid != null) {
            List<BidJson> highest =
                top.computeIfAbsent(
                    BidJson.windowStart(bid.dateTime(), TEN_SECONDS), w -> new ArrayList<>());
            if (!highest.isEmpty() && bid.price() > highest.get(0).price()) {
              highest.clear();
            }
            if (highest.isEmpty() || bid.price() == highest.get(0).price()) {
              highest.add(bid);
            }
          }
        });
    top.forEach(
        (start, bids) ->
            bids.forEach(
                bid ->
                    out.write(
                        start,
                        start + TEN_SECONDS,
                        "auction",
                        bid.auction(),
                        "bidder",
                        bid.bidder(),
                        "price",
                        bid.price(),
                        "dateTime",
                        bid.dateTime())));
  }

  /** Bids per bidder session: a session ends after 10 s without a bid of its bidder. */
  static void bidderSessions(PeerInput input, PeerResults out) {
    Map<Long, List<Long>> times = new HashMap<>();
    input.forEachLine(
        line -> {
          BidJson bid = BidJson.parse(line);
          if (bid != null) {
            times.computeIfAbsent(bid.bidder(), b -> new ArrayList<>()).add(bid.dateTime());
          }
        });
    times.forEach(
        (bidder, bidTimes) -> {
          bidTimes.sort(null);
          long start = bidTimes.get(0);
          long end = start + TEN_SECONDS;
          long bids = 0;
          for (long time : bidTimes) {
            if (time >= end) {
              out.write(start, end, "bidder", bidder, "bids", bids);
              start = time;
              bids = 0;
            }
            end = Math.max(end, time + TEN_SECONDS);
            bids++;
          }
          out.write(start, end, "bidder", bidder, "bids", bids);
        });
  }
}
