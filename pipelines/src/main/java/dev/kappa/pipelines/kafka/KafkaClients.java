package dev.kappa.pipelines.kafka;

import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The Kafka client settings a job's reads and writes share with the launcher's queries. */
public final class KafkaClients {
  /** Records up to this size fit: dead letters carry payloads that may exceed Kafka's 1 MB. */
  public static final int MAX_MESSAGE_BYTES = 16 << 20;

  private KafkaClients() {}

  /**
   * A consumer with no group: replays and offset queries commit nothing. {@code clientId} names the
   * launcher's own clients (their connection warnings are filtered, see log4j2.xml).
   */
  public static KafkaConsumer<byte[], byte[]> consumer(
      String bootstrapServers, Optional<String> clientId) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    clientId.ifPresent(id -> config.put(ConsumerConfig.CLIENT_ID_CONFIG, id));
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // Asking for a missing topic's partitions must not create it (brokers auto-create by
    // default): a mistyped --source would replay an empty topic and exit 0.
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(MAX_MESSAGE_BYTES));
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(MAX_MESSAGE_BYTES));
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
