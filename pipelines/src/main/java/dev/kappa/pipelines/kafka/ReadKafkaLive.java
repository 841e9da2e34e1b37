package dev.kappa.pipelines.kafka;

import dev.kappa.metrics.KappaMetrics;
import dev.kappa.model.SourceRecord;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicyFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.joda.time.Duration;

/**
 * A live (unbounded) read of a topic. Event time is the payload's {@code dateTime}; each
 * partition's watermark trails the newest event time it has read by {@code maxOutOfOrderness}, and
 * a partition that is caught up and has read nothing for that delay advances its watermark to the
 * wall clock minus it, so a quiet partition does not hold the windows of the others open for ever;
 * a record behind its partition's watermark is stamped with the watermark ({@link
 * StampLateRecords}), so that decoding, not the runner, decides whether it is too late. A consumer
 * group with no committed offsets starts at the earliest retained offset; offsets are committed
 * when the runner finalizes a checkpoint, with Kafka's auto-commit off.
 */
public final class ReadKafkaLive extends PTransform<PBegin, PCollection<SourceRecord>> {
  private final String bootstrapServers;
  private final String topic;
  private final String consumerGroup;
  private final Duration maxOutOfOrderness;

  private ReadKafkaLive(
      String bootstrapServers, String topic, String consumerGroup, Duration maxOutOfOrderness) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.consumerGroup = consumerGroup;
    this.maxOutOfOrderness = maxOutOfOrderness;
  }

  public static ReadKafkaLive of(
      String bootstrapServers, String topic, String consumerGroup, Duration maxOutOfOrderness) {
    return new ReadKafkaLive(bootstrapServers, topic, consumerGroup, maxOutOfOrderness);
  }

  @Override
  public PCollection<SourceRecord> expand(PBegin input) {
    if (topic.isEmpty() || consumerGroup.isEmpty()) {
      throw new IllegalArgumentException("a live Kafka read needs a topic and a consumer group");
    }
    if (maxOutOfOrderness.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException("maxOutOfOrderness must not be negative");
    }
    Duration delay = maxOutOfOrderness;
    TimestampPolicyFactory<byte[], byte[]> eventTime =
        (partition, previousWatermark) -> new StampLateRecords(delay, previousWatermark);
    return input
        .apply(
            "ReadTopic",
            KafkaIO.<byte[], byte[]>read()
                .withBootstrapServers(bootstrapServers)
                .withTopic(topic)
                .withKeyDeserializer(ByteArrayDeserializer.class)
                .withValueDeserializer(ByteArrayDeserializer.class)
                .withConsumerConfigUpdates(
                    Map.<String, Object>of(
                        ConsumerConfig.GROUP_ID_CONFIG,
                        consumerGroup,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                        KafkaClients.MAX_MESSAGE_BYTES,
                        ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
                        KafkaClients.MAX_MESSAGE_BYTES))
                .withTimestampPolicyFactory(eventTime)
                .commitOffsetsInFinalize())
        .apply("ToSourceRecords", ParDo.of(new ToSourceRecordFn()));
  }

  /**
   * Converts each record, and reports the newest offset read per partition ({@link
   * KappaMetrics#offsetsRead}) once per bundle: a metric update per record would cost the live read
   * a map lookup in the metrics container for every record.
   */
  private static final class ToSourceRecordFn
      extends DoFn<KafkaRecord<byte[], byte[]>, SourceRecord> {
    private transient Map<Integer, Long> newestOffsets;

    @StartBundle
    public void startBundle() {
      newestOffsets = new HashMap<>();
    }

    @ProcessElement
    public void processElement(
        @Element KafkaRecord<byte[], byte[]> record, OutputReceiver<SourceRecord> out) {
      newestOffsets.merge(record.getPartition(), record.getOffset(), Math::max);
      out.output(
          PartitionRange.sourceRecord(
              record.getTopic(),
              record.getPartition(),
              record.getOffset(),
              record.getKV().getValue()));
    }

    @FinishBundle
    public void finishBundle() {
      newestOffsets.forEach(
          (partition, offset) ->
              KappaMetrics.distribution(KappaMetrics.offsetsRead(partition)).update(offset));
    }
  }
}
