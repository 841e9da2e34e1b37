package dev.kappa.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.model.Bid;
import dev.kappa.model.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bidder-sessions} against a plain-Java model of NEXMark Q11: the model {@code
 * EveryPipelineTest} holds the pipeline to, batch and streaming.
 */
public class BidderSessionsModel {
  public static final List<String> KEY = List.of("bidder");
  public static final List<String> VALUES = List.of("bids");
  private static final long GAP_MS = 10_000;
  private static final Pattern GROUP = Pattern.compile("(.*)@(\\d+)-(\\d+)");

  /** Per bidder, sessions as Beam merges them: [first bid, last bid + gap). */
  public static Map<String, List<String>> model(Path events) {
    Map<Long, List<Long>> times = new HashMap<>();
    for (Event event : Models.events(events)) {
      Bid bid = event.getBid();
      if (bid != null) {
        times.computeIfAbsent(bid.getBidder(), b -> new ArrayList<>()).add(bid.getDateTime());
      }
    }
    Map<String, List<String>> answers = new TreeMap<>();
    times.forEach(
        (bidder, bidTimes) -> {
          bidTimes.sort(null);
          long start = bidTimes.get(0);
          long end = start + GAP_MS;
          long bids = 0;
          for (long time : bidTimes) {
            if (time >= end) {
              answers.put(Models.group("bidder=" + bidder, start, end), List.of("bids=" + bids));
              start = time;
              bids = 0;
            }
            end = Math.max(end, time + GAP_MS);
            bids++;
          }
          answers.put(Models.group("bidder=" + bidder, start, end), List.of("bids=" + bids));
        });
    return answers;
  }

  /**
   * The sessions a run ended with: early panes of a session that later grew or merged have a
   * smaller window of the same bidder; only windows no other window of that bidder contains count.
   */
  public static Map<String, List<String>> finalSessions(List<JsonNode> results) {
    Map<String, List<String>> panes = Panes.lastPanes(results, KEY, VALUES);
    Map<String, List<long[]>> windows = new HashMap<>();
    panes
        .keySet()
        .forEach(
            group -> {
              Matcher m = GROUP.matcher(group);
              m.matches();
              windows
                  .computeIfAbsent(m.group(1), k -> new ArrayList<>())
                  .add(new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
            });
    Map<String, List<String>> sessions = new TreeMap<>();
    panes.forEach(
        (group, values) -> {
          Matcher m = GROUP.matcher(group);
          m.matches();
          long start = Long.parseLong(m.group(2));
          long end = Long.parseLong(m.group(3));
          boolean superseded =
              windows.get(m.group(1)).stream()
                  .anyMatch(w -> w[0] <= start && end <= w[1] && (w[0] != start || w[1] != end));
          if (!superseded) {
            sessions.put(group, values);
          }
        });
    return sessions;
  }
}
