package dev.kappa.bundles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.pipelines.testing.AuctionStatsModel;
import dev.kappa.pipelines.testing.AuctionStatsRuns;
import dev.kappa.pipelines.testing.EventFiles;
import dev.kappa.pipelines.testing.FinalResults;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same 100,000 events through {@code auction-stats} on embedded Flink give the model's final
 * results, as the DirectRunner's do ({@code AuctionStatsPipelineTest}) and Spark's.
 */
class FlinkCrossRunnerTest {
  @Test
  void embeddedFlinkBatch_givesTheModelsFinalResults(@TempDir Path dir) throws Exception {
    Path events =
        EventFiles.write(
            dir.resolve("events.jsonl"), GeneratorConfig.builder().events(100_000).build());

    AuctionStatsRuns.run(
        events, dir.resolve("out"), "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2");

    assertEquals(
        AuctionStatsModel.finalResults(events, AuctionStatsRuns.WINDOW_SIZE_MS),
        FinalResults.ofAuctionStats(dir.resolve("out"), AuctionStatsRuns.WINDOW_SIZE_MS));
    System.out.println("Flink batch pane labels: " + FinalResults.timingLabels(dir.resolve("out")));
  }

  /**
   * A live run over the generator (unbounded, ending after 20,000 events, 0.1% late within the
   * allowed lateness) gives the final results of the same events replayed from a file, with one
   * row per pane: without FIRE_IF_NON_EMPTY, Flink streaming added an empty ON_TIME pane per key
   * and window at the end of the job.
   */
  @Test
  void embeddedFlinkStreaming_givesTheSameFinalResultsAsTheBatchReplay(@TempDir Path dir)
      throws Exception {
    GeneratorConfig config = GeneratorConfig.builder().events(20_000).build();
    Path events = EventFiles.write(dir.resolve("events.jsonl"), config);

    AuctionStatsRuns.runWith(
        dir.resolve("out"),
        List.of(
            "--runner=FlinkRunner",
            "--flinkMaster=[local]",
            "--parallelism=2",
            "--streaming=true",
            "--source=generator",
            "--events=" + config.events(),
            "--seed=" + config.seed()));

    assertEquals(
        AuctionStatsModel.finalResults(events, AuctionStatsRuns.WINDOW_SIZE_MS),
        FinalResults.ofAuctionStats(dir.resolve("out"), AuctionStatsRuns.WINDOW_SIZE_MS));
    System.out.println(
        "Flink streaming pane labels: " + FinalResults.timingLabels(dir.resolve("out")));
  }
}
