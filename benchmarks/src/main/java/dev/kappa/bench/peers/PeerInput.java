package dev.kappa.bench.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What a peer reads: {@code file:PATH} (JSON lines) or {@code kafka:TOPIC} (the whole log). */
public record PeerInput(String spec, String bootstrapServers) {
  public boolean isKafka() {
    return spec.startsWith("kafka:");
  }

  public String path() {
    return spec.substring("file:".length());
  }

  public String topic() {
    return spec.substring("kafka:".length());
  }

  /** Every line of the file, or every record of the topic from its first to its last offset. */
  public void forEachLine(Consumer<String> line) {
    if (isKafka()) {
      readTopic(line);
      return;
    }
    try (BufferedReader in =
        new BufferedReader(Files.newBufferedReader(Path.of(path())), 1 << 16)) {
      for (String l = in.readLine(); l != null; l = in.readLine()) {
        line.accept(l);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readTopic(Consumer<String> line) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 << 20));
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 << 20));
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .collect(Collectors.toList());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          line.accept(record.value());
        }
      }
    }
  }
}
