package dev.kappa.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.LauncherRuns;
import dev.kappa.testing.EventFiles;
import dev.kappa.testing.LocalKafka;
import dev.kappa.testing.LocalPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A topic seeded with every kind of bad record: each lands on the dead-letter topic with its
 * payload, origin (topic, partition, offset) and reason, and the counters balance.
 */
class KafkaDeadLettersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Each bad record (as produced) and a part of the reason it is rejected for. */
  private static final Map<String, String> REASONS =
      Map.of(
          "{not json",
          "malformed JSON",
          "{\"type\":\"refund\"}",
          "unknown type 'refund'",
          "{\"type\":\"bid\",\"auction\":1,\"bidder\":2,\"price\":3,\"channel\":\"c\","
              + "\"url\":\"u\",\"dateTime\":99999999999999,\"extra\":\"\"}",
          "field 'dateTime' must be before",
          "{\"type\":\"bid\",\"auction\":1,\"bidder\":2,\"price\":-3,\"channel\":\"c\","
              + "\"url\":\"u\",\"dateTime\":1,\"extra\":\"\"}",
          "field 'price' must not be negative",
          "{\"type\":\"bid\",\"extra\":\"" + "x".repeat(1_100_000) + "\"}",
          "characters is over the limit");

  /** 2,000 good events and the bad records of {@link #REASONS}, on {@code topic}. */
  private static String produceWithBadRecords(Path dir, String topic) throws Exception {
    Path events =
        EventFiles.write(
            dir.resolve("events.jsonl"),
            GeneratorConfig.builder().events(2_000).seed(5).build(),
            REASONS.keySet().toArray(new String[0]));
    String bootstrap = "--bootstrapServers=" + LocalKafka.bootstrapServers();
    LauncherRuns.command("produce", "--topic=" + topic, "--from=file:" + events, bootstrap);
    return bootstrap;
  }

  @Test
  void everyBadRecordReachesTheDeadLetterTopicWithItsOriginAndReason(@TempDir Path dir)
      throws Exception {
    String bootstrap = produceWithBadRecords(dir, "with-bad-records");

    String summary =
        LauncherRuns.command(
            "replay",
            "auction-stats",
            "--env=direct",
            "--source=kafka:with-bad-records",
            bootstrap,
            "--deadLetters=kafka:bad-records",
            "--sink=jsonl:" + dir.resolve("out"),
            "--progressSeconds=0");

    Map<String, JsonNode> deadLetters = readDeadLetters(LocalKafka.bootstrapServers());
    assertEquals(REASONS.keySet(), deadLetters.keySet());
    REASONS.forEach(
        (payload, reason) -> {
          JsonNode letter = deadLetters.get(payload);
          assertTrue(letter.get("reason").asText().contains(reason), letter.get("reason").asText());
          assertTrue(
              letter.get("origin").asText().matches("kafka:with-bad-records/\\d+@\\d+"),
              letter.get("origin").asText());
        });
    assertTrue(summary.contains("records read     2,005"), summary);
    assertTrue(summary.contains("decoded          2,000"), summary);
    assertTrue(summary.contains("dead letters     5 -> kafka:bad-records"), summary);
  }

  @Test
  void deadLettersOfAJdbcRunLandInItsTableOnceHoweverOftenItIsReplayed(@TempDir Path dir)
      throws Exception {
    String bootstrap = produceWithBadRecords(dir, "bad-records-to-table");
    try (LocalPostgres.Database database = LocalPostgres.createDatabase()) {
      for (int run = 0; run < 2; run++) {
        LauncherRuns.command(
            "replay",
            "auction-stats",
            "--env=direct",
            "--source=kafka:bad-records-to-table",
            bootstrap,
            "--sink=" + database.url(),
            "--progressSeconds=0");
      }
      List<String> rows =
          database.rows(
              "SELECT pipeline || ' ' || version || ' ' || (origin LIKE"
                  + " 'kafka:bad-records-to-table/%@%') || ' ' || stage FROM dead_letters");
      assertEquals(Collections.nCopies(5, "auction-stats v1 true decode"), rows);
      assertEquals(
          new TreeSet<>(REASONS.keySet()),
          new TreeSet<>(database.rows("SELECT payload FROM dead_letters")));
    }
  }

  private static Map<String, JsonNode> readDeadLetters(String bootstrap) throws Exception {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-reader");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 << 20));
    Map<String, JsonNode> byPayload = new HashMap<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("bad-records"));
      long deadline = System.currentTimeMillis() + 30_000;
      while (byPayload.size() < 5 && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
          JsonNode letter = JSON.readTree(record.value());
          assertEquals(letter.get("origin").asText(), record.key());
          byPayload.put(letter.get("payload").asText(), letter);
        }
      }
    }
    return byPayload;
  }

  /** A topic that does not exist is one line before a job starts, live or replayed; exit 2. */
  @Test
  void aTopicThatDoesNotExist_isOneLineBeforeTheJobStarts(@TempDir Path dir) {
    String bootstrap = "--bootstrapServers=" + LocalKafka.bootstrapServers();
    for (String replay : List.of("--replay=false", "--replay=true")) {
      LauncherRuns.Outcome outcome =
          LauncherRuns.attempt(
              "auction-stats", dir, "--source=kafka:no-such-topic", bootstrap, replay);
      assertEquals(2, outcome.exitCode(), outcome.stderr());
      assertEquals(
          "kappa: topic 'no-such-topic' does not exist on "
              + LocalKafka.bootstrapServers()
              + " (create it, for example with 'kappa produce"
              + " --topic=no-such-topic')\n",
          outcome.stderr());
    }
  }
}
