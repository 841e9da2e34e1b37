package dev.kappa.pipelines.kafka;

import dev.kappa.model.SourceRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A replay: fixed offset ranges of a topic as a bounded source, so every runner runs it as a batch
 * job. Ranges split into smaller ones for more parallelism than the topic has partitions (Kreps:
 * "replaying history very, very fast, with more parallelism").
 */
public final class KafkaLogSource extends BoundedSource<SourceRecord> {
  private static final long serialVersionUID = 1L;
  /** A rough record size, to turn the runner's desired bundle bytes into offsets. */
  private static final long BYTES_PER_RECORD = 300;
  /** How long a read may see no new record before the log is declared unreadable. */
  private static final Duration STALL_LIMIT = Duration.ofSeconds(60);

  private final String bootstrapServers;
  private final List<PartitionRange> ranges;

  public KafkaLogSource(String bootstrapServers, List<PartitionRange> ranges) {
    this.bootstrapServers = bootstrapServers;
    this.ranges = List.copyOf(ranges);
  }

  /** Records the source will read. */
  public long records() {
    return ranges.stream().mapToLong(PartitionRange::size).sum();
  }

  @Override
  public List<KafkaLogSource> split(long desiredBundleSizeBytes, PipelineOptions options) {
    long perBundle = Math.max(1_000, desiredBundleSizeBytes / BYTES_PER_RECORD);
    List<KafkaLogSource> splits = new ArrayList<>();
    for (PartitionRange range : ranges) {
      for (long start = range.start(); start < range.end(); start += perBundle) {
        long end = Math.min(range.end(), start + perBundle);
        splits.add(
            new KafkaLogSource(
                bootstrapServers,
                List.of(new PartitionRange(range.topic(), range.partition(), start, end))));
      }
    }
    return splits;
  }

  @Override
  public long getEstimatedSizeBytes(PipelineOptions options) {
    return records() * BYTES_PER_RECORD;
  }

  @Override
  public Coder<SourceRecord> getOutputCoder() {
    try {
      return SchemaRegistry.createDefault().getSchemaCoder(SourceRecord.class);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException("SourceRecord has a schema", e);
    }
  }

  @Override
  public BoundedReader<SourceRecord> createReader(PipelineOptions options) {
    return new Reader(this);
  }

  /** Reads each range in turn with a plain consumer: assign, seek, poll to the range's end. */
  private static final class Reader extends BoundedReader<SourceRecord> {
    private final KafkaLogSource source;
    private final Iterator<PartitionRange> pending;
    private KafkaConsumer<byte[], byte[]> consumer;
    private PartitionRange range;
    private Iterator<ConsumerRecord<byte[], byte[]>> polled = Collections.emptyIterator();
    private SourceRecord current;

    Reader(KafkaLogSource source) {
      this.source = source;
      this.pending = source.ranges.iterator();
    }

    @Override
    public boolean start() throws IOException {
      consumer = KafkaLog.consumer(source.bootstrapServers);
      return advance();
    }

    @Override
    public boolean advance() throws IOException {
      while (true) {
        while (polled.hasNext()) {
          ConsumerRecord<byte[], byte[]> record = polled.next();
          if (record.offset() >= range.end()) {
            break;
          }
          current =
              PartitionRange.sourceRecord(
                  record.topic(), record.partition(), record.offset(), record.value());
          return true;
        }
        if (range != null && consumer.position(partition(range)) < range.end()) {
          polled = poll(range);
          continue;
        }
        if (!pending.hasNext()) {
          return false;
        }
        range = pending.next();
        TopicPartition tp = partition(range);
        consumer.assign(List.of(tp));
        consumer.seek(tp, range.start());
        polled = Collections.emptyIterator();
      }
    }

    private Iterator<ConsumerRecord<byte[], byte[]>> poll(PartitionRange range)
        throws IOException {
      long deadline = System.nanoTime() + STALL_LIMIT.toNanos();
      while (System.nanoTime() < deadline) {
        List<ConsumerRecord<byte[], byte[]>> records =
            consumer.poll(Duration.ofMillis(500)).records(partition(range));
        if (!records.isEmpty() || consumer.position(partition(range)) >= range.end()) {
          return records.iterator();
        }
      }
      throw new IOException(
          "no records from " + range.topic() + "/" + range.partition() + " at offset "
              + consumer.position(partition(range)) + " for " + STALL_LIMIT.toSeconds()
              + " s, before the replay's end offset " + range.end());
    }

    private static TopicPartition partition(PartitionRange range) {
      return new TopicPartition(range.topic(), range.partition());
    }

    @Override
    public SourceRecord getCurrent() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public void close() {
      if (consumer != null) {
        consumer.close();
      }
    }

    @Override
    public BoundedSource<SourceRecord> getCurrentSource() {
      return source;
    }
  }
}
