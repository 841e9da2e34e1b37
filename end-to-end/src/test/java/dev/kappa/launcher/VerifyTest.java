package dev.kappa.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.launcher.testing.VerifyScenario;
import dev.kappa.pipelines.KappaPipeline;
import dev.kappa.pipelines.PipelineRegistry;
import dev.kappa.pipelines.options.WindowedOptions;
import dev.kappa.pipelines.serving.ServingViews;
import dev.kappa.testing.LocalPostgres;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kappa verify} and {@code kappa reprocess --verify} on the DirectRunner, against the
 * machine's PostgreSQL and the project's broker, over one topic of 6,000 events (300 s of event
 * time, so that the 60 s windows of some pipelines are final too). First every registered pipeline
 * with windows runs live with its default options through a reprocess with {@code --verify}, which
 * checks it against a replay before it switches readers; then {@code kappa verify} itself on
 * auction-stats: equal to a replay by default (the readers' version), and a row changed by hand in
 * a table found, with both sides.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static LocalPostgres.Database database;
  private static VerifyScenario scenario;

  @BeforeAll
  static void topic(@TempDir Path dir) throws Exception {
    database = LocalPostgres.createDatabase();
    scenario = VerifyScenario.produce(dir, "verify-direct", 6_000, database);
  }

  @AfterAll
  static void dropDatabase() {
    database.close();
  }

  static Stream<String> windowedPipelines() {
    return PipelineRegistry.all().stream()
        .filter(p -> WindowedOptions.class.isAssignableFrom(p.optionsClass()))
        .map(KappaPipeline::name);
  }

  @ParameterizedTest
  @MethodSource("windowedPipelines")
  @Order(1)
  void everyWindowedPipelineLive_equalsAReplayBeforeItSwitches(String pipeline) {
    String log = scenario.runLive(pipeline, "v1", "--env=direct", "--verify");

    String table = ServingViews.tableName(pipeline, "v1");
    int verified = log.indexOf("verified: " + table + " equals the replay in all ");
    assertTrue(verified >= 0, log);
    assertTrue(verified < log.indexOf("switched view"), log);
  }

  @Test
  @Order(2)
  void aLiveVersion_equalsAReplayOfItsTopic() throws Exception {
    JsonNode report = scenario.verifiesClean("auction-stats", "v1", "--env=direct");
    assertTrue(report.get("windowsCompared").asLong() >= 20, report.toString());

    LauncherRuns.Printed text =
        scenario.verify("auction-stats", "--env=direct", VerifyScenario.STOPPED_VERSION_NO_WAIT);
    assertEquals(0, text.exitCode(), text.stdout() + text.stderr());
    assertTrue(
        text.stdout().contains("auction-stats: auction_stats_v1 against a replay of verify-direct"),
        text.stdout());
    assertTrue(
        text.stdout().contains(" 0 different, 0 only live, 0 only in the replay"), text.stdout());
    assertTrue(
        text.stdout().contains("verified: auction_stats_v1 equals the replay"), text.stdout());
  }

  @Test
  @Order(3)
  void aServedRowChangedByHand_isADifferenceWithBothSides() throws Exception {
    long auction = scenario.copyWithOneRowChanged("v1", "changed");

    LauncherRuns.Printed refused =
        scenario.verify("auction-stats", "--version=changed", "--env=direct", "--json");

    assertEquals(3, refused.exitCode(), refused.stdout() + refused.stderr());
    JsonNode report = JSON.readTree(refused.stdout());
    assertEquals(1, report.get("different").asLong(), report.toString());
    assertEquals(report.get("rowsCompared").asLong() - 1, report.get("equal").asLong());
    JsonNode difference = report.get("differences").get(0);
    assertEquals("different", difference.get("kind").asText());
    assertEquals(auction, difference.get("key").get("auction").asLong());
    assertEquals(
        difference.get("replay").get("bids").asLong() + 1,
        difference.get("live").get("bids").asLong());
    assertEquals("counts more", difference.get("cause").asText(), difference.toString());
  }

  @Test
  @Order(4)
  void recordsLaterThanTheAllowedLateness_explainTheirWindowsDifferences(@TempDir Path dir)
      throws Exception {
    try (LocalPostgres.Database own = LocalPostgres.createDatabase()) {
      VerifyScenario.produce(dir, "verify-late-direct", VerifyScenario.lateEvents(), own)
          .explainsTooLateRecordsThenKeepsThem("--env=direct");
    }
  }

  @Test
  @Order(5)
  void aRecordTheStoppedLiveVersionHasNotRead_isNamedNotReadYet() throws Exception {
    scenario.appendFirstBidAgain();

    LauncherRuns.Printed refused =
        scenario.verify(
            "auction-stats", "--version=v1", "--env=direct", "--readWaitSeconds=1", "--json");

    assertEquals(3, refused.exitCode(), refused.stdout() + refused.stderr());
    JsonNode report = JSON.readTree(refused.stdout());
    // The appended record, and a few before it that the DirectRunner had not committed on stopping.
    assertTrue(report.get("liveRead").get("recordsNotRead").asLong() >= 1, report.toString());
    assertEquals(1, report.get("different").asLong(), report.toString());
    JsonNode difference = report.get("differences").get(0);
    assertEquals("not read yet", difference.get("cause").asText(), difference.toString());
    assertEquals(
        difference.get("live").get("bids").asLong() + 1,
        difference.get("replay").get("bids").asLong());
    assertTrue(
        refused.stderr().contains("waiting up to 1 s for the live version"), refused.stderr());
  }
}
