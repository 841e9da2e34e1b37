package dev.kappa.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.generator.GeneratorConfig;
import dev.kappa.testing.AuctionStatsModel;
import dev.kappa.testing.EventFiles;
import dev.kappa.testing.Panes;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kappa run auction-stats} end to end on the DirectRunner, against its model. */
class AuctionStatsRunTest {
  private static final String[] BAD_RECORDS = {
    "{\"type\":\"bid\",\"auction\":1000,\"price\":5",
    "{\"type\":\"refund\",\"id\":1}",
    "{\"type\":\"bid\",\"auction\":1000,\"bidder\":1000,\"price\":-1,\"channel\":\"x\",\"url\":\"u\","
        + "\"dateTime\":1767225600000,\"extra\":\"\"}",
  };

  @Test
  void finalResultsEqualTheModel_andEveryPaneIsWrittenOnce(@TempDir Path dir) throws Exception {
    Path events =
        EventFiles.write(
            dir.resolve("events.jsonl"), GeneratorConfig.builder().events(10_000).build());

    // Beam's immutability and encodability checks on, which the direct profile turns off.
    LauncherRuns.run(
        "auction-stats",
        dir.resolve("out"),
        "--source=file:" + events,
        "--enforceImmutability=true",
        "--enforceEncodability=true");

    assertEquals(
        AuctionStatsModel.model(events),
        Panes.lastPanes(dir.resolve("out"), AuctionStatsModel.KEY, AuctionStatsModel.VALUES));
  }

  @Test
  void liveRunOverTheGenerator_givesTheSameFinalResultsAsTheReplayedFile(@TempDir Path dir)
      throws Exception {
    GeneratorConfig config = GeneratorConfig.builder().events(10_000).seed(5).build();
    Path events = EventFiles.write(dir.resolve("events.jsonl"), config);

    LauncherRuns.run(
        "auction-stats", dir.resolve("out"), "--streaming=true", "--events=10000", "--seed=5");

    assertEquals(
        AuctionStatsModel.model(events),
        Panes.lastPanes(dir.resolve("out"), AuctionStatsModel.KEY, AuctionStatsModel.VALUES));
  }

  @Test
  void badRecordsLandInDeadLetterFilesWithReasons_andCountsBalance(@TempDir Path dir)
      throws Exception {
    Path events =
        EventFiles.write(
            dir.resolve("events.jsonl"),
            GeneratorConfig.builder().events(2_000).build(),
            BAD_RECORDS);

    String summary =
        LauncherRuns.run("auction-stats", dir.resolve("out"), "--source=file:" + events);

    List<JsonNode> deadLetters = Panes.rows(dir.resolve("out/dead-letters"), "dead-letters");
    assertEquals(Set.of(BAD_RECORDS), payloads(deadLetters));
    // Kappa's own reasons exactly; for malformed JSON only Kappa's prefix, not Jackson's text.
    Set<String> reasons =
        deadLetters.stream().map(d -> d.get("reason").asText()).collect(Collectors.toSet());
    String shown = reasons.toString();
    assertEquals(3, reasons.size(), shown);
    assertTrue(reasons.contains("unknown type 'refund' (expected person, auction or bid)"), shown);
    assertTrue(reasons.contains("field 'price' must not be negative, got -1"), shown);
    assertTrue(reasons.stream().anyMatch(r -> r.startsWith("malformed JSON: ")), shown);
    // The summary prints the decode counters: read = decoded + dead letters.
    assertTrue(summary.contains("records read     2,003"), summary);
    assertTrue(summary.contains("decoded          2,000 ("), summary);
    assertTrue(summary.contains("dead letters     3 -> jsonl:"), summary);
  }

  private static Set<String> payloads(List<JsonNode> deadLetters) {
    return deadLetters.stream().map(d -> d.get("payload").asText()).collect(Collectors.toSet());
  }
}
