package dev.kappa.launcher;

import dev.kappa.pipelines.kafka.PartitionRange;
import java.util.List;

/**
 * How far back a topic reaches, as {@code kappa status --source=kafka:TOPIC} found it: each
 * partition's first retained and next offset. A partition that no longer starts at 0 has lost
 * records to retention or deletion, and a full reprocess cannot read them any more.
 */
record LogReach(String topic, List<PartitionRange> partitions) {

  /** Records gone from the start of the history, over all partitions. */
  long recordsGone() {
    return partitions.stream().mapToLong(PartitionRange::start).sum();
  }

  /** The partitions that no longer start at offset 0. */
  List<PartitionRange> truncated() {
    return partitions.stream().filter(partition -> partition.start() > 0).toList();
  }
}
