package dev.kappa.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.LauncherRuns.Printed;
import dev.kappa.testing.EventFiles;
import dev.kappa.testing.LocalKafka;
import dev.kappa.testing.LocalPostgres;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kappa status} and {@code kappa switch} against the machine's PostgreSQL and the project's
 * broker: two versions of {@code auction-stats} written by real runs (v2 from a file with two bad
 * lines), read back as the operator would, switched to and back, and judged healthy or not.
 */
class StatusAndSwitchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PIPELINE = "auction-stats";
  private static LocalPostgres.Database database;

  @BeforeAll
  static void twoVersions(@TempDir Path dir) throws Exception {
    database = LocalPostgres.createDatabase();
    LauncherRuns.command(
        "run",
        PIPELINE,
        "--events=3000",
        "--seed=5",
        "--version=v1",
        "--sink=" + database.url(),
        "--progressSeconds=0");
    Path events =
        EventFiles.write(
            dir.resolve("events.jsonl"),
            GeneratorConfig.builder().events(3000).seed(6).build(),
            "{oops",
            "{\"type\":\"refund\"}");
    LauncherRuns.command(
        "run",
        PIPELINE,
        "--source=file:" + events,
        "--version=v2",
        "--sink=" + database.url(),
        "--progressSeconds=0");
  }

  @AfterAll
  static void dropDatabase() {
    database.close();
  }

  @Test
  void statusDescribesEachVersionAsTheDatabaseHoldsIt() throws Exception {
    JsonNode pipeline = status().get("pipelines").get(0);

    assertEquals("auction_stats_v1", pipeline.get("servingTable").asText());
    JsonNode v1 = version(pipeline, "v1");
    JsonNode v2 = version(pipeline, "v2");
    assertTrue(v1.get("serving").asBoolean());
    assertEquals("serving", v1.get("role").asText());
    // "new" until it has served once (the switch test may have run first), then "retained".
    assertTrue(v2.get("role").asText().matches("new|retained"), v2.toString());
    for (JsonNode v : new JsonNode[] {v1, v2}) {
      String table = v.get("table").asText();
      assertEquals(database.rows("SELECT count(*) FROM " + table).get(0), v.get("rows").asText());
      long reached =
          Long.parseLong(
              database
                  .rows("SELECT max(window_end) FROM " + table + " WHERE timing <> 'EARLY'")
                  .get(0));
      assertEquals(Instant.ofEpochMilli(reached).toString(), v.get("eventTimeReached").asText());
      assertTrue(v.get("freshnessSeconds").asLong() > 0, v.toString());
      assertTrue(v.get("lag").isNull(), "no --source, no lag");
    }
    assertEquals(0, v1.get("deadLetters").asLong());
    assertEquals(2, v2.get("deadLetters").asLong());
    assertEquals(2, v2.get("deadLettersLastHour").asLong());
  }

  @Test
  void switchMovesTheViewBackAndForthAndRecordsIt() throws Exception {
    Printed toV2 =
        LauncherRuns.attemptPrinting(
            "switch", PIPELINE, "--version=v2", "--sink=" + database.url());
    assertEquals(0, toV2.exitCode(), toV2.stderr());
    assertTrue(
        toV2.stderr()
            .contains("switched auction_stats from auction_stats_v1 to" + " auction_stats_v2"),
        toV2.stderr());
    JsonNode pipeline = status().get("pipelines").get(0);
    assertEquals("auction_stats_v2", pipeline.get("servingTable").asText());
    assertEquals("retained", version(pipeline, "v1").get("role").asText());
    JsonNode last = pipeline.get("switches").get(0);
    assertEquals("auction_stats_v1", last.get("from").asText());
    assertEquals("auction_stats_v2", last.get("to").asText());
    assertEquals("manual", last.get("reason").asText());
    assertEquals(
        database.rows("SELECT count(*) FROM auction_stats_v2"),
        database.rows("SELECT count(*) FROM auction_stats"));

    Printed back =
        LauncherRuns.attemptPrinting(
            "switch", PIPELINE, "--version=v1", "--sink=" + database.url());
    assertEquals(0, back.exitCode(), back.stderr());
    assertEquals("auction_stats_v1", status().get("pipelines").get(0).get("servingTable").asText());
    assertEquals(2, status().get("pipelines").get(0).get("switches").size());
  }

  @Test
  void switchToAVersionWithoutATable_isRefusedWithTheVersionsThereAre() {
    Printed refused =
        LauncherRuns.attemptPrinting(
            "switch", PIPELINE, "--version=v9", "--sink=" + database.url());

    assertEquals(2, refused.exitCode());
    assertEquals(
        "kappa: there is no table auction_stats_v9 to switch to; the versions of"
            + " auction-stats there are: [v1, v2]",
        refused.stderr().strip());
  }

  @Test
  void lagIsTheLogEndMinusTheGroupsCommittedOffsetPerPartition() throws Exception {
    String topic = "status-" + System.nanoTime();
    LauncherRuns.command(
        "produce",
        "--topic=" + topic,
        "--partitions=4",
        "--events=1000",
        "--seed=5",
        "--bootstrapServers=" + LocalKafka.bootstrapServers());
    long committed = commit("kappa-auction-stats-v1", new TopicPartition(topic, 0), 10);

    JsonNode pipeline =
        status("--source=kafka:" + topic, "--bootstrapServers=" + LocalKafka.bootstrapServers())
            .get("pipelines")
            .get(0);

    JsonNode v1 = version(pipeline, "v1").get("lag");
    assertEquals(1000 - committed, v1.get("records").asLong(), v1.toString());
    assertEquals(committed, v1.get("partitions").get(0).get("committed").asLong());
    JsonNode v2 = version(pipeline, "v2").get("lag");
    assertEquals(1000, v2.get("records").asLong(), "a group that has committed nothing");
    assertTrue(v2.get("partitions").get(0).get("committed").isNull());
  }

  @Test
  void thresholdsMakeItAHealthCheck() throws Exception {
    Printed fine = LauncherRuns.attemptPrinting("status", PIPELINE, "--sink=" + database.url());
    assertEquals(0, fine.exitCode(), fine.stdout() + fine.stderr());
    assertFalse(fine.stdout().contains("UNHEALTHY"), fine.stdout());

    // The generator's events are from 2026-01-01: their answers are months old.
    Printed stale =
        LauncherRuns.attemptPrinting(
            "status", PIPELINE, "--sink=" + database.url(), "--maxFreshnessSeconds=3600");
    assertEquals(Kappa.UNHEALTHY, stale.exitCode(), stale.stdout());
    assertTrue(
        stale.stdout().contains("UNHEALTHY: auction-stats v1: served answers are"), stale.stdout());
  }

  @Test
  void withoutAPipeline_oneLinePerPipelineInTheDatabase() {
    Printed overview = LauncherRuns.attemptPrinting("status", "--sink=" + database.url());

    assertEquals(0, overview.exitCode(), overview.stderr());
    assertEquals(2, overview.stdout().lines().count(), overview.stdout());
    assertTrue(
        overview
            .stdout()
            .lines()
            .skip(1)
            .findFirst()
            .orElseThrow()
            .matches("auction-stats +v[12] +2 .*"),
        overview.stdout());
  }

  @Test
  void aDatabaseThatDoesNotAnswer_isOneLineAndExitCode2() {
    Printed down =
        LauncherRuns.attemptPrinting(
            "status", PIPELINE, "--sink=jdbc:postgresql://127.0.0.1:1/kappa?user=postgres");

    assertEquals(2, down.exitCode());
    assertEquals(1, down.stderr().strip().lines().count(), down.stderr());
    assertTrue(
        down.stderr()
            .startsWith(
                "kappa: the serving database"
                    + " jdbc:postgresql://127.0.0.1:1/kappa?user=postgres does not answer"),
        down.stderr());
  }

  private static JsonNode status(String... more) throws Exception {
    List<String> args =
        new ArrayList<>(List.of("status", PIPELINE, "--sink=" + database.url(), "--json"));
    args.addAll(List.of(more));
    Printed printed = LauncherRuns.attemptPrinting(args.toArray(new String[0]));
    assertEquals(0, printed.exitCode(), printed.stdout() + printed.stderr());
    return JSON.readTree(printed.stdout());
  }

  private static JsonNode version(JsonNode pipeline, String version) {
    for (JsonNode v : pipeline.get("versions")) {
      if (v.get("version").asText().equals(version)) {
        return v;
      }
    }
    throw new AssertionError("no version " + version + " in " + pipeline);
  }

  /** Commits {@code offset} on {@code partition} for {@code group}; returns it. */
  private static long commit(String group, TopicPartition partition, long offset) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalKafka.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset)));
    }
    return offset;
  }
}
