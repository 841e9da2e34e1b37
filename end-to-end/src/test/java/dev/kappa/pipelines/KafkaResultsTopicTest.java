package dev.kappa.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.LauncherRuns;
import dev.kappa.launcher.testing.LiveAndReplay;
import dev.kappa.testing.LocalKafka;
import dev.kappa.testing.ResultsTopic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results as a log on the DirectRunner ({@code --sink=kafka:TOPIC}, written at least once there): a
 * replay writes each result to a compacted topic it creates, keyed by auction and window, with the
 * same JSON as a replay to files (whose read is throttled) writes.
 */
class KafkaResultsTopicTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aReplayWritesItsResultsToACompactedTopic_keyedByKeyAndWindow(@TempDir Path dir)
      throws Exception {
    LiveAndReplay topic =
        LiveAndReplay.produce(
            dir, GeneratorConfig.builder().events(3_000).seed(17).build(), "results-source");
    String summary =
        LauncherRuns.command(
            "replay",
            "auction-stats",
            "--env=direct",
            "--source=kafka:results-source",
            topic.bootstrapArg(),
            "--sink=kafka:auction-stats-results",
            "--progressSeconds=0");
    assertTrue(summary.contains("-> kafka:auction-stats-results"), summary);
    // The same replay to files, its read held to a rate: a throttled read delays, never drops.
    LauncherRuns.run(
        "auction-stats",
        dir.resolve("files"),
        "--env=direct",
        "--replay=true",
        "--source=kafka:results-source",
        "--maxRecordsPerSecond=20000",
        topic.bootstrapArg());

    ResultsTopic results =
        ResultsTopic.read(LocalKafka.bootstrapServers(), "auction-stats-results");
    Set<String> files = resultLines(dir.resolve("files"));
    assertEquals(files.size(), results.size());
    assertEquals(files, new TreeSet<>(results.newestAnswers().values()));
    for (Map.Entry<String, String> result : results.newestAnswers().entrySet()) {
      JsonNode value = JSON.readTree(result.getValue());
      assertEquals(
          "{\"auction\":"
              + value.get("auction")
              + ",\"windowStart\":"
              + value.get("windowStart")
              + ",\"windowEnd\":"
              + value.get("windowEnd")
              + "}",
          result.getKey());
    }
    assertEquals("compact", cleanupPolicy("auction-stats-results"));
  }

  /** The result lines a replay to files wrote, without their pane fields. */
  private static Set<String> resultLines(Path folder) throws IOException {
    Set<String> lines = new TreeSet<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().startsWith("results-")).toList()) {
        for (String line : Files.readAllLines(file)) {
          lines.add(ResultsTopic.withoutPaneFields(line));
        }
      }
    }
    return lines;
  }

  private static String cleanupPolicy(String topic) throws Exception {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalKafka.bootstrapServers());
    try (Admin admin = Admin.create(config)) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config configs = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      return configs.get("cleanup.policy").value();
    }
  }
}
