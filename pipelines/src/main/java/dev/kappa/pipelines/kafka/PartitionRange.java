package dev.kappa.pipelines.kafka;

import java.io.Serializable;

/** Offsets {@code [start, end)} of one partition of a topic: a slice of the log to replay. */
public record PartitionRange(String topic, int partition, long start, long end)
    implements Serializable {

  public long size() {
    return Math.max(0, end - start);
  }

  /** Where a record of this range came from, as dead letters and summaries show it. */
  public static String origin(String topic, int partition, long offset) {
    return "kafka:" + topic + "/" + partition + "@" + offset;
  }
}
