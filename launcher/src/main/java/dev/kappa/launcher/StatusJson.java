package dev.kappa.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kappa.launcher.kafka.KafkaLog.PartitionLag;
import dev.kappa.launcher.serving.ServingStatus.VersionState;
import dev.kappa.launcher.serving.SwitchLog;
import dev.kappa.pipelines.kafka.PartitionRange;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code kappa status --json}: the document the README describes field by field, as records
 * (Jackson writes a record's components in order; an absent value is {@code null}).
 */
final class StatusJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private StatusJson() {}

  record Document(
      String database,
      String checkedAt,
      boolean healthy,
      List<String> problems,
      List<Pipeline> pipelines,
      Log log) {}

  /** How far back the topic reaches ({@code --source}); null without one. */
  record Log(String topic, long recordsGone, List<LogPartition> partitions, LogArchive archive) {}

  /** What the topic's archive holds ({@code --archive}); null without one. */
  record LogArchive(String folder, long records, List<LogPartition> partitions) {}

  record LogPartition(int partition, long firstOffset, long logEnd) {}

  record Pipeline(
      String pipeline,
      String view,
      String servingTable,
      List<Version> versions,
      List<Switch> switches) {}

  record Version(
      String version,
      String table,
      boolean serving,
      String role,
      String retainedUntil,
      long rows,
      String lastWrite,
      String eventTimeReached,
      Long freshnessSeconds,
      long deadLetters,
      long deadLettersLastHour,
      long tooLate,
      String consumerGroup,
      Lag lag,
      Job job) {}

  record Lag(String topic, long records, List<Partition> partitions) {}

  record Partition(int partition, long logEnd, Long committed, long lag) {}

  record Job(String id, String state, long uptimeSeconds, String lastCheckpoint) {}

  record Switch(String from, String to, String at, String reason) {}

  static String render(
      String database,
      Optional<String> topic,
      List<PipelineStatus> pipelines,
      Optional<LogReach> reach,
      List<String> problems,
      Instant now) {
    Document document =
        new Document(
            database,
            now.toString(),
            problems.isEmpty(),
            problems,
            pipelines.stream().map(p -> pipeline(p, topic, now)).toList(),
            reach.map(StatusJson::log).orElse(null));
    try {
      return JSON.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("status as JSON", e);
    }
  }

  private static Pipeline pipeline(PipelineStatus p, Optional<String> topic, Instant now) {
    return new Pipeline(
        p.state().pipeline(),
        p.state().view(),
        p.state().servingTable().orElse(null),
        p.versions().stream().map(v -> version(p, v, topic, now)).toList(),
        p.state().switches().stream().map(StatusJson::switched).toList());
  }

  private static Version version(
      PipelineStatus p, VersionStatus v, Optional<String> topic, Instant now) {
    VersionState s = v.state();
    return new Version(
        s.version(),
        s.table(),
        s.serving(),
        p.role(s),
        text(p.retainedUntil(s)),
        s.rows(),
        text(s.newestUpdate()),
        text(s.eventTimeReached()),
        v.freshnessSeconds(now).isPresent() ? v.freshnessSeconds(now).getAsLong() : null,
        s.deadLetters(),
        s.deadLettersLastHour(),
        s.tooLate(),
        v.consumerGroup(),
        v.lag()
            .map(
                partitions ->
                    new Lag(
                        topic.orElseThrow(),
                        v.totalLag().getAsLong(),
                        partitions.stream().map(StatusJson::partition).toList()))
            .orElse(null),
        v.job()
            .map(
                job ->
                    new Job(
                        job.id(),
                        job.state(),
                        job.uptimeMillis() / 1000,
                        text(job.lastCheckpoint())))
            .orElse(null));
  }

  private static Log log(LogReach reach) {
    return new Log(
        reach.topic(),
        reach.recordsGone(),
        partitions(reach.partitions()),
        reach
            .archive()
            .map(a -> new LogArchive(a.folder(), a.records(), partitions(a.coverage())))
            .orElse(null));
  }

  private static List<LogPartition> partitions(List<PartitionRange> ranges) {
    return ranges.stream().map(p -> new LogPartition(p.partition(), p.start(), p.end())).toList();
  }

  private static Partition partition(PartitionLag p) {
    return new Partition(
        p.partition(),
        p.logEnd(),
        p.committed().isPresent() ? p.committed().getAsLong() : null,
        p.lag());
  }

  private static Switch switched(SwitchLog.Switch s) {
    return new Switch(
        s.fromTable().orElse(null), s.toTable(), s.switchedAt().toString(), s.reason());
  }

  private static String text(Optional<Instant> time) {
    return time.map(Instant::toString).orElse(null);
  }
}
