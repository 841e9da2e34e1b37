package dev.kappa.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.testing.EventFiles;
import dev.kappa.testing.LocalKafka;
import dev.kappa.testing.LocalPostgres;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A topic whose first records are gone (Kafka's delete-records, as retention would): a replay from
 * 'earliest' refuses and names what is missing; '--from=retained' replays what is left.
 */
class TruncatedLogReplayTest {
  private static final String TOPIC = "truncated-history";
  private static final long DELETED = 300;

  @Test
  void aReplayOfALogThatLostItsStart_isRefusedUnlessTheRetainedPartIsAskedFor(@TempDir Path dir)
      throws Exception {
    Path events =
        EventFiles.write(
            dir.resolve("events.jsonl"), GeneratorConfig.builder().events(2_000).seed(9).build());
    String bootstrap = "--bootstrapServers=" + LocalKafka.bootstrapServers();
    LauncherRuns.command(
        "produce", "--topic=" + TOPIC, "--partitions=2", "--from=file:" + events, bootstrap);
    deleteFirstRecords(new TopicPartition(TOPIC, 1), DELETED);

    LauncherRuns.Printed refused =
        LauncherRuns.attemptPrinting(
            "replay",
            "auction-stats",
            "--source=kafka:" + TOPIC,
            bootstrap,
            "--sink=jsonl:" + dir.resolve("refused"));
    assertEquals(2, refused.exitCode(), refused.stderr());
    assertEquals(
        "kappa: topic '"
            + TOPIC
            + "' no longer holds the start of its history (partition 1 offsets [0, "
            + DELETED
            + ") are gone: retention or deleted records), so a replay from 'earliest' would"
            + " compute answers over part of it; give --archive=DIR where 'kappa archive' kept"
            + " them, or --from=retained to replay what the topic holds",
        refused.stderr().strip());

    String summary =
        LauncherRuns.command(
            "replay",
            "auction-stats",
            "--source=kafka:" + TOPIC,
            "--from=retained",
            bootstrap,
            "--sink=jsonl:" + dir.resolve("retained"),
            "--progressSeconds=0");
    assertTrue(summary.contains("records read     1,700"), summary);

    try (LocalPostgres.Database database = LocalPostgres.createDatabase()) {
      LauncherRuns.Printed status =
          LauncherRuns.attemptPrinting(
              "status",
              "--sink=" + database.url(),
              "--source=kafka:" + TOPIC,
              bootstrap,
              "--maxHistoryGapRecords=0");
      assertEquals(3, status.exitCode(), status.stdout() + status.stderr());
      assertTrue(
          status
              .stdout()
              .contains(
                  "log kafka:"
                      + TOPIC
                      + " has lost 300 records of its history (partition 1 from 300): a full"
                      + " reprocess can no longer read them"),
          status.stdout());
      assertTrue(
          status
              .stdout()
              .contains(
                  "UNHEALTHY: kafka:"
                      + TOPIC
                      + ": 300 records of its history are gone (over --maxHistoryGapRecords=0)"),
          status.stdout());
    }
  }

  private static void deleteFirstRecords(TopicPartition partition, long before) throws Exception {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalKafka.bootstrapServers());
    try (Admin admin = Admin.create(config)) {
      admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(before))).all().get();
    }
  }
}
