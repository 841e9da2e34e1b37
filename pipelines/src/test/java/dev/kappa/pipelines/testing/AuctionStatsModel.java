package dev.kappa.pipelines.testing;

import dev.kappa.codec.EventJson;
import dev.kappa.codec.InvalidEventException;
import dev.kappa.model.Bid;
import dev.kappa.model.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain-Java reference for {@code auction-stats}, as NEXMark has a model per query: the final
 * result of every (auction, window) over a whole bounded input, where nothing is late.
 */
public final class AuctionStatsModel {
  private AuctionStatsModel() {}

  /** Final values keyed as {@link FinalResults} keys them: "auction@windowStart". */
  public static Map<String, String> finalResults(Path eventsFile, long windowSizeMs)
      throws IOException {
    Map<String, long[]> stats = new HashMap<>();
    List<String> lines = Files.readAllLines(eventsFile);
    for (String line : lines) {
      Event event;
      try {
        event = EventJson.decode(line);
      } catch (InvalidEventException e) {
        continue; // a dead letter: the pipeline's tests check those separately
      }
      Bid bid = event.getBid();
      if (bid == null) {
        continue;
      }
      long windowStart = Math.floorDiv(bid.getDateTime(), windowSizeMs) * windowSizeMs;
      long[] s = stats.computeIfAbsent(bid.getAuction() + "@" + windowStart, k -> new long[3]);
      s[0]++;
      s[1] = Math.max(s[1], bid.getPrice());
      s[2] += bid.getPrice();
    }
    Map<String, String> results = new HashMap<>();
    stats.forEach((key, s) -> results.put(key, FinalResults.values(s[0], s[1], s[2])));
    return results;
  }
}
