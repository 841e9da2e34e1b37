package dev.kappa.pipelines.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.metrics.KappaMetrics;
import dev.kappa.pipelines.kafka.KafkaClients;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Results as a log: each result pane's rows as JSON to a Kafka topic, the value as the one JSON
 * form of results ({@code
 * {"auction":7,"bids":4,...,"windowStart":..,"windowEnd":..,"timing":"ON_TIME",
 * "paneIndex":1,"isLast":false}}), the key the pipeline's key fields and the window ({@code
 * {"auction":7,"windowStart":..,"windowEnd":..}}), so that a compacted topic keeps the newest pane
 * of each key and window, as the serving table does, for a downstream consumer (another team,
 * another Kappa pipeline). Counts what it writes as {@code kappa/resultsWritten}.
 *
 * <p>With {@code exactlyOnceGroup} the write is Beam's exactly-once Kafka sink: records are written
 * in Kafka transactions committed once the runner has made its input stable (on Flink, when a
 * checkpoint completes), so a {@code read_committed} consumer sees each pane once even when the job
 * restores from a checkpoint. Without it the write is at least once: a restored job writes again
 * the panes it emitted after its last checkpoint.
 */
public final class WriteResultsTopic<T> extends PTransform<PCollection<T>, PDone> {
  private final String bootstrapServers;
  private final String topic;
  private final List<String> keyFields;
  private final Optional<String> exactlyOnceGroup;
  private final int shards;

  private WriteResultsTopic(
      String bootstrapServers,
      String topic,
      List<String> keyFields,
      Optional<String> exactlyOnceGroup,
      int shards) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.keyFields = List.copyOf(keyFields);
    this.exactlyOnceGroup = exactlyOnceGroup;
    this.shards = shards;
  }

  /** At least once, keyed by {@code keyFields} and the window. */
  public static <T> WriteResultsTopic<T> atLeastOnce(
      String bootstrapServers, String topic, List<String> keyFields) {
    return new WriteResultsTopic<>(bootstrapServers, topic, keyFields, Optional.empty(), 1);
  }

  /**
   * Exactly once for {@code read_committed} consumers, in {@code shards} transactional writers;
   * {@code group} names the sink's state in Kafka (unique per pipeline version).
   */
  public static <T> WriteResultsTopic<T> exactlyOnce(
      String bootstrapServers, String topic, List<String> keyFields, String group, int shards) {
    return new WriteResultsTopic<>(bootstrapServers, topic, keyFields, Optional.of(group), shards);
  }

  @Override
  public PDone expand(PCollection<T> results) {
    if (topic.isEmpty() || shards < 1) {
      throw new IllegalArgumentException("a results topic needs a name and at least one writer");
    }
    KafkaIO.Write<String, String> write =
        KafkaIO.<String, String>write()
            .withBootstrapServers(bootstrapServers)
            .withTopic(topic)
            .withKeySerializer(StringSerializer.class)
            .withValueSerializer(StringSerializer.class)
            .withProducerConfigUpdates(
                Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, KafkaClients.MAX_MESSAGE_BYTES));
    if (exactlyOnceGroup.isPresent()) {
      write = write.withEOS(shards, exactlyOnceGroup.get());
    }
    return results
        .apply("ToKafkaRecords", ParDo.of(new ToResultRecordFn<>(JsonRows.of(results), keyFields)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply("WriteTopic", write);
  }

  /** A result pane's row as a record keyed by its key fields and window. */
  private static final class ToResultRecordFn<T> extends DoFn<T, KV<String, String>> {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> WINDOW_FIELDS = List.of("windowStart", "windowEnd");
    private final JsonRows<T> json;
    private final List<String> keyFields;
    private final Counter written = KappaMetrics.counter(KappaMetrics.RESULTS_WRITTEN);

    ToResultRecordFn(JsonRows<T> json, List<String> keyFields) {
      this.json = json;
      this.keyFields = keyFields;
    }

    @ProcessElement
    public void processElement(@Element T result, OutputReceiver<KV<String, String>> out)
        throws IOException {
      String value = json.json(result);
      ObjectNode row = (ObjectNode) MAPPER.readTree(value);
      ObjectNode key = MAPPER.createObjectNode();
      for (String field : keyFields) {
        key.set(field, row.get(field));
      }
      for (String field : WINDOW_FIELDS) {
        if (row.has(field)) {
          key.set(field, row.get(field));
        }
      }
      written.inc();
      out.output(KV.of(MAPPER.writeValueAsString(key), value));
    }
  }
}
