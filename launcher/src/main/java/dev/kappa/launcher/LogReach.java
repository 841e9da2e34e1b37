package dev.kappa.launcher;

import dev.kappa.pipelines.kafka.PartitionRange;
import java.util.List;
import java.util.Optional;

/**
 * How far back a topic reaches, as {@code kappa status --source=kafka:TOPIC} found it: each
 * partition's first retained and next offset, and with {@code --archive} what its archive holds. A
 * partition that no longer starts at 0 has lost records to retention or deletion; a full reprocess
 * can still read those its archive holds, and no longer the others.
 */
record LogReach(String topic, List<PartitionRange> partitions, Optional<Archive> archive) {

  /** What an archive under {@code folder} holds: its coverage, merged, per partition. */
  record Archive(String folder, List<PartitionRange> coverage) {
    long records() {
      return coverage.stream().mapToLong(PartitionRange::size).sum();
    }
  }

  LogReach(String topic, List<PartitionRange> partitions) {
    this(topic, partitions, Optional.empty());
  }

  /**
   * Records of the history a full reprocess can no longer read, over all partitions: those gone
   * from the topic, less those its archive holds.
   */
  long recordsGone() {
    return missing().stream().mapToLong(PartitionRange::size).sum();
  }

  /** Per partition, the offsets gone from the topic that no archive holds. */
  List<PartitionRange> missing() {
    if (archive.isEmpty()) {
      return truncated().stream()
          .map(p -> new PartitionRange(topic, p.partition(), 0, p.start()))
          .toList();
    }
    return ArchiveSplit.of(archive.get().coverage(), partitions).missing();
  }

  /** Records gone from the topic itself, whether archived or not. */
  long recordsGoneFromTopic() {
    return partitions.stream().mapToLong(PartitionRange::start).sum();
  }

  /** The partitions that no longer start at offset 0. */
  List<PartitionRange> truncated() {
    return partitions.stream().filter(partition -> partition.start() > 0).toList();
  }
}
