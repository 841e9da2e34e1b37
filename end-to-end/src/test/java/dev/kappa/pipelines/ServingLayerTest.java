package dev.kappa.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.LauncherRuns;
import dev.kappa.launcher.LauncherRuns.Outcome;
import dev.kappa.launcher.kafka.KafkaLog;
import dev.kappa.launcher.testing.LiveAndReplay;
import dev.kappa.launcher.testing.ReprocessScenario;
import dev.kappa.pipelines.serving.ServingViews;
import dev.kappa.testing.AbsurdRecords;
import dev.kappa.testing.AuctionStatsModel;
import dev.kappa.testing.EventFiles;
import dev.kappa.testing.LocalKafka;
import dev.kappa.testing.LocalPostgres;
import dev.kappa.testing.Panes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * auction-stats into PostgreSQL from a Kafka topic on the DirectRunner: replays are idempotent;
 * reprocess switches readers (the Flink bundle runs the same scenario on embedded Flink), and does
 * not switch to a version that sends too much to dead letters.
 */
class ServingLayerTest {
  private static final GeneratorConfig EVENTS =
      GeneratorConfig.builder().events(10_000).seed(23).build();
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
    Set<String> once = rows(AuctionStatsModel.servedAnswers("auction_stats"));
    replayInto("--sink=" + database.url());
    assertEquals(once, rows(AuctionStatsModel.servedAnswers("auction_stats")));
    assertEquals(finalAnswers(replayToFiles("10")), once);
  }

  @Test
  void reprocessCatchesUpThenSwitchesReadersToTheNewVersion() throws Exception {
    ReprocessScenario.run("serving-layer", topic.bootstrapArg(), database, "--env=direct");
  }

  @Test
  void aVersionThatSendsTooManyRecordsToDeadLetters_isNotSwitchedTo() throws Exception {
    String bad = "serving-layer-bad";
    Path good =
        EventFiles.write(
            dir.resolve("bad-topic.jsonl"),
            GeneratorConfig.builder().events(1_900).seed(31).build());
    new KafkaLog(LocalKafka.bootstrapServers()).ensureTopic(bad, AbsurdRecords.PARTITIONS);
    AbsurdRecords.produce(LocalKafka.bootstrapServers(), bad, Files.readAllLines(good), true);
    LauncherRuns.command(reprocess(bad, "v1", "--maxDeadLetterShare=0.1"));

    // One record in twenty is bad: 5%, more than the default 1%.
    Outcome refused =
        LauncherRuns.attemptCommand(() -> {}, reprocess(bad, "v2", "--catchUpRecords=0"));

    assertEquals(3, refused.exitCode(), refused.stderr());
    assertTrue(
        refused
            .stderr()
            .matches(
                "(?s).*kappa: not switching to auction_stats_v2: [0-9,]+"
                    + " of the [0-9,]+ records it read went to dead letters, more than"
                    + " --maxDeadLetterShare=0\\.01; readers stay on auction_stats_v1.*"),
        refused.stderr());
    try (Connection connection = database.connect()) {
      assertEquals(
          "auction_stats_v1", ServingViews.currentTable(connection, "auction-stats").orElseThrow());
    }
    refused
        .stderr()
        .lines()
        .filter(line -> line.startsWith("kappa: not switching"))
        .forEach(System.out::println);
  }

  private String[] reprocess(String topicName, String version, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "reprocess",
                "auction-stats",
                "--version=" + version,
                "--source=kafka:" + topicName,
                "--bootstrapServers=" + LocalKafka.bootstrapServers(),
                "--sink=" + database.url(),
                "--stopAfterSwitch",
                "--catchUpTimeoutSeconds=300",
                "--progressSeconds=0",
                "--env=direct"));
    args.addAll(List.of(more));
    return args.toArray(new String[0]);
  }

  private void replayInto(String sink) {
    LauncherRuns.command(
        "replay",
        "auction-stats",
        "--env=direct",
        "--source=kafka:serving-layer",
        topic.bootstrapArg(),
        sink,
        "--progressSeconds=0");
  }

  private Path replayToFiles(String windowSeconds) {
    Path results = dir.resolve("files-" + windowSeconds + "-" + System.nanoTime());
    LauncherRuns.run(
        "auction-stats",
        results,
        "--env=direct",
        "--replay=true",
        "--source=kafka:serving-layer",
        topic.bootstrapArg(),
        "--windowSizeSeconds=" + windowSeconds);
    return results;
  }

  /** The last pane of each auction and window, in the table's column order. */
  private static Set<String> finalAnswers(Path results) {
    Set<String> answers = new TreeSet<>();
    for (JsonNode row : Panes.rows(results, "results")) {
      if (row.get("isLast").asBoolean() || row.get("timing").asText().equals("ON_TIME")) {
        answers.add(
            String.join(
                " ",
                row.get("auction").asText(),
                row.get("windowStart").asText(),
                row.get("windowEnd").asText(),
                row.get("bids").asText(),
                row.get("maxPrice").asText(),
                row.get("totalPrice").asText()));
      }
    }
    return answers;
  }

  private Set<String> rows(String sql) throws SQLException {
    return new TreeSet<>(database.rows(sql));
  }
}
