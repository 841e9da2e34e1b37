package dev.kappa.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.LauncherRuns;
import dev.kappa.pipelines.testing.LiveAndReplay;
import dev.kappa.pipelines.testing.LocalPostgres;
import dev.kappa.pipelines.testing.Panes;
import dev.kappa.pipelines.testing.ReprocessScenario;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * auction-stats into PostgreSQL from a Kafka topic on the DirectRunner: replays are idempotent;
 * reprocess switches readers (the Flink bundle runs the same scenario on embedded Flink).
 */
class ServingLayerTest {
  private static final GeneratorConfig EVENTS =
      GeneratorConfig.builder().events(10_000).seed(23).build();
  private static final String SELECT =
      "SELECT auction, window_start, window_end, bids, max_price, total_price FROM ";
  @TempDir static Path dir;
  private static LiveAndReplay topic;
  private LocalPostgres.Database database;

  @BeforeAll
  static void produce() throws Exception {
    topic = LiveAndReplay.produce(dir, EVENTS, "serving-layer");
  }

  @BeforeEach
  void createDatabase() {
    database = LocalPostgres.createDatabase();
  }

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  @Test
  void replayingTwiceLeavesTheSameTableAsTheFilesGet() throws Exception {
    replayInto("--sink=" + database.url());
    Set<String> once = rows(SELECT + "auction_stats");
    replayInto("--sink=" + database.url());
    assertEquals(once, rows(SELECT + "auction_stats"));
    assertEquals(finalAnswers(replayToFiles("10")), once);
  }

  @Test
  void reprocessCatchesUpThenSwitchesReadersToTheNewVersion() throws Exception {
    ReprocessScenario.run("serving-layer", topic.bootstrapArg(), database, "--env=direct");
  }

  private void replayInto(String sink) {
    LauncherRuns.command(
        "replay", "auction-stats", "--env=direct", "--source=kafka:serving-layer",
        topic.bootstrapArg(), sink, "--progressSeconds=0");
  }

  private Path replayToFiles(String windowSeconds) {
    Path results = dir.resolve("files-" + windowSeconds + "-" + System.nanoTime());
    LauncherRuns.run(
        "auction-stats", results, "--env=direct", "--replay=true",
        "--source=kafka:serving-layer", topic.bootstrapArg(),
        "--windowSizeSeconds=" + windowSeconds);
    return results;
  }

  /** The last pane of each auction and window, in the table's column order. */
  private static Set<String> finalAnswers(Path results) {
    Set<String> answers = new TreeSet<>();
    for (JsonNode row : Panes.rows(results, "results")) {
      if (row.get("isLast").asBoolean() || row.get("timing").asText().equals("ON_TIME")) {
        answers.add(String.join(" ",
            row.get("auction").asText(), row.get("windowStart").asText(),
            row.get("windowEnd").asText(), row.get("bids").asText(),
            row.get("maxPrice").asText(), row.get("totalPrice").asText()));
      }
    }
    return answers;
  }

  private Set<String> rows(String sql) throws SQLException {
    return new TreeSet<>(database.rows(sql));
  }
}
