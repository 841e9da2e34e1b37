package dev.kappa.pipelines.kafka;

import dev.kappa.model.SourceRecord;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/** Offsets {@code [start, end)} of one partition of a topic: a slice of the log to replay. */
public record PartitionRange(String topic, int partition, long start, long end)
    implements Serializable {

  public long size() {
    return Math.max(0, end - start);
  }

  /**
   * A Kafka record as the pipelines take it, live or replayed: the value as text, and its origin
   * {@code kafka:TOPIC/PARTITION@OFFSET}, as dead letters show it.
   */
  public static SourceRecord sourceRecord(String topic, int partition, long offset, byte[] value) {
    return SourceRecord.of(
        "kafka:" + topic + "/" + partition + "@" + offset,
        value == null ? "" : new String(value, StandardCharsets.UTF_8));
  }
}
