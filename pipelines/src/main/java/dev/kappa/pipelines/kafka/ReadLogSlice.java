package dev.kappa.pipelines.kafka;

import dev.kappa.model.SourceRecord;
import dev.kappa.pipelines.archive.LogRecord;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A replay: fixed offset ranges of a topic as a bounded input, so every runner runs it as a batch
 * job. Ranges split into smaller ones for more parallelism than the topic has partitions (Kreps:
 * "replaying history very, very fast, with more parallelism"), are spread over the workers, and
 * each is read by a plain consumer (assign, seek, poll to the range's end).
 *
 * <p>The ranges are elements read by a {@code DoFn}, not a Beam {@code BoundedSource}: Beam's Flink
 * runner pushes a source's metrics into Flink after every record it reads ({@code
 * ReaderInvocationUtil.invokeAdvance}), which cost 14-16% of a replay's CPU, while a {@code DoFn}'s
 * metrics are pushed once per bundle.
 */
public final class ReadLogSlice extends PTransform<PBegin, PCollection<SourceRecord>> {
  /** Records per range: small enough to spread a partition over every worker. */
  private static final long RECORDS_PER_RANGE = 50_000;

  /** How long a read may see no new record before the log is declared unreadable. */
  private static final Duration STALL_LIMIT = Duration.ofSeconds(60);

  private final String bootstrapServers;
  private final List<PartitionRange> ranges;

  private ReadLogSlice(String bootstrapServers, List<PartitionRange> ranges) {
    this.bootstrapServers = bootstrapServers;
    this.ranges = List.copyOf(ranges);
  }

  public static ReadLogSlice of(String bootstrapServers, List<PartitionRange> ranges) {
    return new ReadLogSlice(bootstrapServers, ranges);
  }

  /** The offsets the replay reads, per partition. */
  public List<PartitionRange> ranges() {
    return ranges;
  }

  /** Records the replay will read. */
  public long records() {
    return ranges.stream().mapToLong(PartitionRange::size).sum();
  }

  /** The ranges, each cut into pieces of at most {@link #RECORDS_PER_RANGE} records. */
  List<PartitionRange> splits() {
    List<PartitionRange> splits = new ArrayList<>();
    for (PartitionRange range : ranges) {
      for (long start = range.start(); start < range.end(); start += RECORDS_PER_RANGE) {
        long end = Math.min(range.end(), start + RECORDS_PER_RANGE);
        splits.add(new PartitionRange(range.topic(), range.partition(), start, end));
      }
    }
    return splits;
  }

  @Override
  public PCollection<SourceRecord> expand(PBegin input) {
    return read(input, PartitionRange::sourceRecord)
        // The generic reader's output type is not known to Beam: SourceRecord's schema coder.
        .setTypeDescriptor(TypeDescriptor.of(SourceRecord.class));
  }

  /** The same slice as the log holds it, each record's bytes undecoded (for the archive). */
  public PTransform<PBegin, PCollection<LogRecord>> logRecords() {
    return new PTransform<>() {
      @Override
      public PCollection<LogRecord> expand(PBegin input) {
        return read(
                input, (topic, partition, offset, value) -> new LogRecord(partition, offset, value))
            .setCoder(LogRecord.Coder.of());
      }
    };
  }

  /** The ranges, split, spread over the workers and read, each record made by {@code maker}. */
  private <T> PCollection<T> read(PBegin input, RecordMaker<T> maker) {
    return input
        .apply(
            "SliceRanges",
            Create.of(splits()).withCoder(SerializableCoder.of(PartitionRange.class)))
        .apply("SpreadRanges", Reshuffle.viaRandomKey())
        .apply("ReadRanges", ParDo.of(new ReadRangeFn<>(bootstrapServers, maker)));
  }

  /** What a range's reader makes of each record it reads. */
  private interface RecordMaker<T> extends Serializable {
    T make(String topic, int partition, long offset, byte[] value);
  }

  private static final class ReadRangeFn<T> extends DoFn<PartitionRange, T> {
    private final String bootstrapServers;
    private final RecordMaker<T> maker;
    private transient KafkaConsumer<byte[], byte[]> consumer;

    ReadRangeFn(String bootstrapServers, RecordMaker<T> maker) {
      this.bootstrapServers = bootstrapServers;
      this.maker = maker;
    }

    @Setup
    public void setup() {
      consumer = KafkaClients.consumer(bootstrapServers, Optional.empty());
    }

    @ProcessElement
    public void processElement(@Element PartitionRange range, OutputReceiver<T> out)
        throws IOException {
      TopicPartition partition = new TopicPartition(range.topic(), range.partition());
      consumer.assign(List.of(partition));
      consumer.seek(partition, range.start());
      while (consumer.position(partition) < range.end()) {
        for (ConsumerRecord<byte[], byte[]> record : poll(partition, range)) {
          if (record.offset() < range.end()) {
            out.output(
                maker.make(record.topic(), record.partition(), record.offset(), record.value()));
          }
        }
      }
    }

    private List<ConsumerRecord<byte[], byte[]>> poll(
        TopicPartition partition, PartitionRange range) throws IOException {
      long deadline = System.nanoTime() + STALL_LIMIT.toNanos();
      while (System.nanoTime() < deadline) {
        List<ConsumerRecord<byte[], byte[]>> records =
            consumer.poll(Duration.ofMillis(500)).records(partition);
        if (!records.isEmpty() || consumer.position(partition) >= range.end()) {
          return records;
        }
      }
      throw new IOException(
          "no records from "
              + range.topic()
              + "/"
              + range.partition()
              + " at offset "
              + consumer.position(partition)
              + " for "
              + STALL_LIMIT.toSeconds()
              + " s, before the replay's end offset "
              + range.end());
    }

    @Teardown
    public void teardown() {
      if (consumer != null) {
        consumer.close();
      }
    }
  }
}
