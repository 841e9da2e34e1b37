package dev.kappa.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;

/**
 * The project's own Kafka broker ({@code runners-config/local/kafka}), started once per test JVM on
 * free ports with its data in this module's {@code target/}, and stopped when the JVM exits. Fault
 * tests may {@link #kill()} it and {@link #restart()} it on the same ports and data.
 */
public final class LocalKafka {
  private static Map<String, String> environment;

  private LocalKafka() {}

  /** Starts the broker on first use; returns its bootstrap address. */
  public static synchronized String bootstrapServers() {
    if (environment == null) {
      int port = LocalScripts.freePort();
      environment =
          Map.of(
              "KAFKA_PORT", String.valueOf(port),
              "KAFKA_CONTROLLER_PORT", String.valueOf(LocalScripts.freePort()),
              "KAFKA_DATA", Path.of("target", "kafka-" + port).toAbsolutePath().toString());
      LocalScripts.run("kafka", "start", environment);
      Runtime.getRuntime().addShutdownHook(new Thread(LocalKafka::stopQuietly));
    }
    return "127.0.0.1:" + environment.get("KAFKA_PORT");
  }

  /** Kills the broker (SIGKILL), as a crash would. */
  public static synchronized void kill() {
    LocalScripts.kill(Path.of(environment.get("KAFKA_DATA"), "broker.pid"));
  }

  /** Starts the broker again after {@link #kill()}, on the same ports and log. */
  public static synchronized void restart() {
    LocalScripts.run("kafka", "start", environment);
  }

  /**
   * Deletes the records of each partition of {@code topic} before the offset {@code firstKept}
   * gives it (Kafka's delete-records, as retention would); returns the new first offsets.
   */
  public static Map<Integer, Long> deleteRecordsBefore(String topic, Function<Long, Long> firstKept)
      throws Exception {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    try (Admin admin = Admin.create(config)) {
      Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
      Map<Integer, Long> kept = new TreeMap<>();
      int partitions =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int partition = 0; partition < partitions; partition++) {
        latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
      }
      admin
          .listOffsets(latest)
          .all()
          .get()
          .forEach(
              (partition, end) -> {
                long first = firstKept.apply(end.offset());
                deletions.put(partition, RecordsToDelete.beforeOffset(first));
                kept.put(partition.partition(), first);
              });
      admin.deleteRecords(deletions).all().get();
      return kept;
    }
  }

  private static void stopQuietly() {
    try {
      LocalScripts.run("kafka", "stop", environment);
    } catch (IllegalStateException e) {
      System.err.println("could not stop the test broker: " + e);
    }
  }
}
