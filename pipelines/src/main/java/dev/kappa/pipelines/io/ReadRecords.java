package dev.kappa.pipelines.io;

import dev.kappa.generator.GenerateEvents;
import dev.kappa.generator.GeneratorConfig;
import dev.kappa.model.SourceRecord;
import dev.kappa.pipelines.archive.ReadArchive;
import dev.kappa.pipelines.kafka.PartitionRange;
import dev.kappa.pipelines.kafka.ReadKafkaLive;
import dev.kappa.pipelines.kafka.ReadLogSlice;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Duration;

/**
 * The source edge: raw wire-format records with their origin, from the generator, JSON lines files
 * or a Kafka topic (live, or replayed as a bounded batch).
 */
public final class ReadRecords extends PTransform<PBegin, PCollection<SourceRecord>> {
  private final PTransform<PBegin, PCollection<SourceRecord>> read;
  private final String description;

  private ReadRecords(PTransform<PBegin, PCollection<SourceRecord>> read, String description) {
    this.read = read;
    this.description = description;
  }

  /** {@code events} generated events as a batch input. */
  public static ReadRecords generator(GeneratorConfig config) {
    return new ReadRecords(
        withOrigin(GenerateEvents.bounded(config), "generator"),
        "generator: " + config.events() + " events, seed " + config.seed());
  }

  /** A live generated stream at {@code ratePerSecond} (0: as fast as possible). */
  public static ReadRecords liveGenerator(GeneratorConfig config, double ratePerSecond) {
    String end = config.events() == 0 ? "no end" : config.events() + " events";
    String rate = ratePerSecond > 0 ? ratePerSecond + " events/s" : "as fast as possible";
    return new ReadRecords(
        withOrigin(GenerateEvents.unbounded(config, ratePerSecond), "generator"),
        "live generator: " + rate + ", " + end + ", seed " + config.seed());
  }

  /**
   * JSON lines files; {@code path} may be a glob. Local files are found here, before the job
   * starts: a path or glob that names no file is an IllegalArgumentException naming it.
   */
  public static ReadRecords file(String path) {
    ReadLines read =
        LocalFiles.isLocal(path)
            ? ReadLines.of(LocalFiles.matching(path), "file:" + path)
            : ReadLines.matching(path);
    return new ReadRecords(read, "file: " + path);
  }

  /** A live read of {@code topic}, resuming from {@code consumerGroup}'s committed offsets. */
  public static ReadRecords kafkaLive(
      String bootstrapServers, String topic, String consumerGroup, Duration maxOutOfOrderness) {
    return new ReadRecords(
        ReadKafkaLive.of(bootstrapServers, topic, consumerGroup, maxOutOfOrderness),
        "kafka (live): " + topic + " on " + bootstrapServers + ", group " + consumerGroup);
  }

  /** A replay of fixed offset ranges of a topic, as a bounded batch. */
  public static ReadRecords kafkaReplay(String topic, ReadLogSlice slice) {
    return new ReadRecords(slice, "kafka (replay): " + slice.records() + " records of " + topic);
  }

  /**
   * A replay of a topic's whole history: {@code archived} (the offsets the topic no longer holds,
   * read from its archive), then {@code retained} from the topic, which start where the archived
   * ones end; {@code history} is the offsets both cover, per partition.
   */
  public static ReadRecords archiveThenLog(
      String topic, ReadArchive archived, ReadLogSlice retained, List<PartitionRange> history) {
    return new ReadRecords(
        new ArchiveThenTopic(archived, retained, Optional.of(history)),
        "kafka (replay): "
            + archived.records()
            + " records of "
            + topic
            + " from its archive, then "
            + retained.records()
            + " from the topic");
  }

  /**
   * A new version's first live run over the whole history: {@code archived} (the offsets the topic
   * no longer holds, read from its archive), then the topic live from its first retained offset,
   * for a consumer group that has read nothing yet. The archive's part holds the watermark back
   * until it is read, so none of its records is late.
   */
  public static ReadRecords archiveThenLive(
      ReadArchive archived,
      String bootstrapServers,
      String topic,
      String consumerGroup,
      Duration maxOutOfOrderness) {
    ReadRecords live = kafkaLive(bootstrapServers, topic, consumerGroup, maxOutOfOrderness);
    return new ReadRecords(
        new ArchiveThenTopic(archived, live.read, Optional.empty()),
        archived.records()
            + " records of "
            + topic
            + " from its archive, then "
            + live.description);
  }

  private static final class ArchiveThenTopic
      extends PTransform<PBegin, PCollection<SourceRecord>> {
    private final ReadArchive archived;
    private final PTransform<PBegin, PCollection<SourceRecord>> topic;
    private final Optional<List<PartitionRange>> replayed;

    ArchiveThenTopic(
        ReadArchive archived,
        PTransform<PBegin, PCollection<SourceRecord>> topic,
        Optional<List<PartitionRange>> replayed) {
      this.archived = archived;
      this.topic = topic;
      this.replayed = replayed;
    }

    @Override
    public PCollection<SourceRecord> expand(PBegin input) {
      return PCollectionList.of(input.apply("ReadArchive", archived))
          .and(input.apply("ReadTopic", topic))
          .apply("ArchiveThenTopic", Flatten.pCollections());
    }
  }

  private static PTransform<PBegin, PCollection<SourceRecord>> withOrigin(
      PTransform<PBegin, PCollection<String>> read, String origin) {
    return new PTransform<>() {
      @Override
      public PCollection<SourceRecord> expand(PBegin input) {
        return input
            .apply("Read", read)
            .apply(
                "WithOrigin",
                MapElements.into(TypeDescriptor.of(SourceRecord.class))
                    .via(payload -> SourceRecord.of(origin, payload)));
      }
    };
  }

  /** The offsets a replay of a topic reads, per partition; empty for any other source. */
  public Optional<List<PartitionRange>> replayedSlice() {
    if (read instanceof ArchiveThenTopic replay) {
      return replay.replayed;
    }
    return read instanceof ReadLogSlice slice ? Optional.of(slice.ranges()) : Optional.empty();
  }

  /** Records this source reads from a topic's archive; 0 for any other source. */
  public long archivedRecords() {
    return read instanceof ArchiveThenTopic both ? both.archived.records() : 0;
  }

  /** What this source reads, for the run summary. */
  public String description() {
    return description;
  }

  @Override
  public PCollection<SourceRecord> expand(PBegin input) {
    return input.apply("Read", read);
  }
}
