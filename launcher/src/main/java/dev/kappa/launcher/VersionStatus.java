package dev.kappa.launcher;

import dev.kappa.launcher.kafka.KafkaLog.PartitionLag;
import dev.kappa.launcher.serving.ServingStatus.VersionState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One version of a pipeline as {@code kappa status} found it: its table ({@code state}), its
 * consumer group's lag on the topic (when {@code --source} names one) and the cluster job that
 * writes it (on a Flink session cluster).
 */
record VersionStatus(
    VersionState state,
    String consumerGroup,
    Optional<List<PartitionLag>> lag,
    Optional<FlinkRest.Job> job) {

  /** Records behind the log end, over all partitions; none without a topic. */
  OptionalLong totalLag() {
    return lag.map(
            partitions -> OptionalLong.of(partitions.stream().mapToLong(PartitionLag::lag).sum()))
        .orElse(OptionalLong.empty());
  }

  /** Wall clock minus the event time reached, in seconds; none before the first final result. */
  OptionalLong freshnessSeconds(Instant now) {
    return state
        .eventTimeReached()
        .map(t -> OptionalLong.of(Duration.between(t, now).toSeconds()))
        .orElse(OptionalLong.empty());
  }
}
