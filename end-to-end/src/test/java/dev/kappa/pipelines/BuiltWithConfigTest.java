package dev.kappa.pipelines;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.results.CleanBid;
import dev.kappa.results.LocalSeller;
import dev.kappa.testing.CleanBidsModel;
import dev.kappa.testing.EventFiles;
import dev.kappa.testing.FinalPanes;
import dev.kappa.testing.LocalSellersModel;
import dev.kappa.testing.Panes;
import dev.kappa.testing.TestEdges;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipelines built with a typed {@code Config} other than their defaults, between test edges, as a
 * newcomer's test would: {@code XPipeline.build(pipeline, config, edges)}, then PAssert. (The model
 * classes stay free of Beam's test pipeline, whose JUnit 4 rule the runner bundles' and the
 * benchmark's class paths do not carry.)
 */
@ExtendWith(TestPipelineExtension.class)
class BuiltWithConfigTest {
  @Test
  void cleanBids_withAnAuctionFilterAndARate_keepOnlyThoseAuctionsAtThatRate(
      TestPipeline pipeline, @TempDir Path dir) throws Exception {
    Path events =
        EventFiles.write(
            dir.resolve("events.jsonl"), GeneratorConfig.builder().events(5_000).build());
    CleanBidsPipeline.Config config =
        new CleanBidsPipeline.Config(new BigDecimal("1.25"), Set.of(1000L, 1002L));

    PCollection<CleanBid> cleaned =
        CleanBidsPipeline.build(pipeline, config, TestEdges.ofFile(events));

    FinalPanes.assertEqual(
        CleanBidsModel.model(events, new BigDecimal("1.25"), Set.of(1000L, 1002L)),
        rows -> Panes.lastPanes(rows, List.of(), CleanBidsModel.FIELDS),
        cleaned);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void localSellers_withTheModelsStatesAndCategory_findItsJoins(
      TestPipeline pipeline, @TempDir Path dir) throws Exception {
    Path events =
        EventFiles.write(
            dir.resolve("events.jsonl"), GeneratorConfig.builder().events(20_000).build());
    LocalSellersPipeline.Config config =
        new LocalSellersPipeline.Config(Set.of("OR", "ID", "CA"), 10, Duration.standardHours(1));

    PCollection<LocalSeller> sellers =
        LocalSellersPipeline.build(pipeline, config, TestEdges.ofFile(events));

    Map<String, List<String>> expected = LocalSellersModel.model(events);
    assertTrue(expected.get("@global").size() > 100, "joins found: " + expected);
    FinalPanes.assertEqual(
        expected, rows -> Panes.lastPanes(rows, List.of(), LocalSellersModel.VALUES), sellers);
    pipeline.run().waitUntilFinish();
  }
}
