package dev.kappa.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A results topic ({@code --sink=kafka:TOPIC}) as a downstream consumer reads it: {@code
 * read_committed} (only what committed transactions wrote, for an exactly-once writer), from the
 * start to the end it has now.
 */
public final class ResultsTopic {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The fields that say which pane wrote a result, not what it answers. */
  private static final List<String> PANE_FIELDS = List.of("timing", "paneIndex", "isLast");

  private final List<ConsumerRecord<String, String>> records;

  private ResultsTopic(List<ConsumerRecord<String, String>> records) {
    this.records = records;
  }

  /** Every committed record of {@code topic} now, in offset order per partition. */
  public static ResultsTopic read(String bootstrapServers, String topic) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // For read_committed, the end is the last stable offset: no open transaction's records.
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
    }
    return new ResultsTopic(records);
  }

  public int size() {
    return records.size();
  }

  /**
   * What a compacted topic keeps: the newest result per key, without its pane fields (a live run's
   * last pane and a replay's one pane answer alike), as JSON, by key.
   */
  public Map<String, String> newestAnswers() {
    Map<String, String> newest = new TreeMap<>();
    for (ConsumerRecord<String, String> record : records) {
      newest.put(record.key(), withoutPaneFields(record.value()));
    }
    return newest;
  }

  /** Records that repeat a key's pane (same key, same pane index): written twice. */
  public List<String> panesWrittenTwice() {
    Map<String, Integer> seen = new TreeMap<>();
    for (ConsumerRecord<String, String> record : records) {
      seen.merge(record.key() + " pane " + field(record.value(), "paneIndex"), 1, Integer::sum);
    }
    return seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
  }

  /** A result's JSON without the fields that say which pane wrote it. */
  public static String withoutPaneFields(String value) {
    try {
      ObjectNode row = (ObjectNode) JSON.readTree(value);
      row.remove(PANE_FIELDS);
      return JSON.writeValueAsString(row);
    } catch (IOException e) {
      throw new UncheckedIOException("not a result: " + value, e);
    }
  }

  private static String field(String value, String name) {
    try {
      JsonNode row = JSON.readTree(value);
      return row.path(name).asText();
    } catch (IOException e) {
      throw new UncheckedIOException("not a result: " + value, e);
    }
  }
}
