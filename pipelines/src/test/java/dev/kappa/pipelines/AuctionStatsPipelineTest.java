package dev.kappa.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.generator.GeneratorConfig;
import dev.kappa.pipelines.testing.AuctionStatsModel;
import dev.kappa.pipelines.testing.AuctionStatsRuns;
import dev.kappa.pipelines.testing.EventFiles;
import dev.kappa.pipelines.testing.FinalResults;
import dev.kappa.transforms.DecodeEvents;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auction-stats} end to end on the DirectRunner, against the plain-Java model. */
class AuctionStatsPipelineTest {
  private static final String[] DIRECT = {"--runner=DirectRunner"};
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
            dir.resolve("events.jsonl"), GeneratorConfig.builder().events(100_000).build());

    AuctionStatsRuns.run(events, dir.resolve("out"), DIRECT);

    Map<String, String> expected =
        AuctionStatsModel.finalResults(events, AuctionStatsRuns.WINDOW_SIZE_MS);
    assertEquals(
        expected, FinalResults.ofAuctionStats(dir.resolve("out"), AuctionStatsRuns.WINDOW_SIZE_MS));
  }

  @Test
  void liveRunOverTheGenerator_givesTheSameFinalResultsAsTheReplayedFile(@TempDir Path dir)
      throws Exception {
    GeneratorConfig config = GeneratorConfig.builder().events(10_000).seed(5).build();
    Path events = EventFiles.write(dir.resolve("events.jsonl"), config);

    AuctionStatsRuns.runWith(
        dir.resolve("out"),
        List.of(
            "--runner=DirectRunner",
            "--streaming=true",
            "--source=generator",
            "--events=" + config.events(),
            "--seed=" + config.seed()));

    assertEquals(
        AuctionStatsModel.finalResults(events, AuctionStatsRuns.WINDOW_SIZE_MS),
        FinalResults.ofAuctionStats(dir.resolve("out"), AuctionStatsRuns.WINDOW_SIZE_MS));
  }

  @Test
  void badRecordsLandInDeadLetterFilesWithReasons_andCountsBalance(@TempDir Path dir)
      throws Exception {
    Path events =
        EventFiles.write(
            dir.resolve("events.jsonl"), GeneratorConfig.builder().events(2_000).build(), BAD_RECORDS);

    PipelineResult result = AuctionStatsRuns.run(events, dir.resolve("out"), DIRECT);

    List<JsonNode> deadLetters = FinalResults.rows(dir.resolve("out/dead-letters"), "dead-letters");
    assertEquals(Set.of(BAD_RECORDS), payloads(deadLetters));
    assertEquals(
        Set.of(
            "malformed JSON: Unexpected end-of-input: expected close marker for Object"
                + " (start marker at [Source: (String)\"{\"type\":\"bid\",\"auction\":1000,"
                + "\"price\":5\"; line: 1, column: 1])",
            "unknown type 'refund' (expected person, auction or bid)",
            "field 'price' must not be negative, got -1"),
        deadLetters.stream().map(d -> d.get("reason").asText()).collect(Collectors.toSet()));
    assertEquals(2_003, counter(result, DecodeEvents.RECORDS_READ));
    assertEquals(3, counter(result, DecodeEvents.DEAD_LETTERS_COUNTER));
    long decoded = 0;
    for (String type : List.of("decodedPersons", "decodedAuctions", "decodedBids")) {
      decoded += counter(result, type);
    }
    assertEquals(2_000, decoded);
  }

  private static Set<String> payloads(List<JsonNode> deadLetters) {
    return deadLetters.stream().map(d -> d.get("payload").asText()).collect(Collectors.toSet());
  }

  private static long counter(PipelineResult result, String name) {
    long total = 0;
    for (MetricResult<Long> counter :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(DecodeEvents.METRICS_NAMESPACE, name))
                    .build())
            .getCounters()) {
      total += counter.getAttempted();
    }
    return total;
  }
}
