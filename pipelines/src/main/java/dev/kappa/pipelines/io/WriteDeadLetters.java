package dev.kappa.pipelines.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kappa.metrics.KappaMetrics;
import dev.kappa.model.DeadLetter;
import dev.kappa.pipelines.kafka.KafkaClients;
import dev.kappa.pipelines.serving.WriteDeadLetterTable;
import java.util.Map;
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
 * The dead-letter edge: every rejected record, with its origin, payload, reason and stage, to JSON
 * lines files {@code DIR/dead-letters-*.jsonl}, to a Kafka topic (key: the origin, value: the dead
 * letter as JSON), to the serving database's {@code dead_letters} table, or as one line each on
 * stderr.
 */
public final class WriteDeadLetters extends PTransform<PCollection<DeadLetter>, PDone> {
  private final Destination destination;
  private final String bootstrapServers;
  private final String pipeline;
  private final String version;

  private WriteDeadLetters(
      Destination destination, String bootstrapServers, String pipeline, String version) {
    this.destination = destination;
    this.bootstrapServers = bootstrapServers;
    this.pipeline = pipeline;
    this.version = version;
  }

  /**
   * {@code bootstrapServers} is used by a {@code kafka:} destination only; {@code pipeline} and
   * {@code version} tag the rows of a {@code jdbc:} one.
   */
  public static WriteDeadLetters to(
      Destination destination, String bootstrapServers, String pipeline, String version) {
    if (destination.kind() == Destination.Kind.CONSOLE) {
      throw new IllegalArgumentException(
          "dead letters go to stderr, jsonl:DIR, kafka:TOPIC or jdbc:postgresql://...");
    }
    return new WriteDeadLetters(destination, bootstrapServers, pipeline, version);
  }

  @Override
  public PDone expand(PCollection<DeadLetter> deadLetters) {
    switch (destination.kind()) {
      case JSONL:
        return deadLetters.apply(
            "WriteJsonLines",
            new WriteJsonLines<DeadLetter>(
                destination.directory(), "dead-letters", KappaMetrics.DEAD_LETTERS_WRITTEN));
      case KAFKA:
        return deadLetters
            .apply("ToKafkaRecords", ParDo.of(new ToKafkaRecordFn(JsonRows.of(deadLetters))))
            .apply(
                "WriteTopic",
                KafkaIO.<String, String>write()
                    .withBootstrapServers(bootstrapServers)
                    .withTopic(destination.topic())
                    .withKeySerializer(StringSerializer.class)
                    .withValueSerializer(StringSerializer.class)
                    .withProducerConfigUpdates(
                        Map.of(
                            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                            KafkaClients.MAX_MESSAGE_BYTES)));
      case JDBC:
        return deadLetters.apply(
            "WriteDeadLetterTable",
            WriteDeadLetterTable.to(
                destination.database(), pipeline, version, KappaMetrics.DEAD_LETTERS_WRITTEN));
      default:
        deadLetters.apply("PrintToStderr", ParDo.of(new PrintFn()));
        return PDone.in(deadLetters.getPipeline());
    }
  }

  /** The dead letter as JSON, keyed by where the record came from; counted. */
  private static final class ToKafkaRecordFn extends DoFn<DeadLetter, KV<String, String>> {
    private final JsonRows<DeadLetter> json;
    private final Counter written = KappaMetrics.counter(KappaMetrics.DEAD_LETTERS_WRITTEN);

    ToKafkaRecordFn(JsonRows<DeadLetter> json) {
      this.json = json;
    }

    @ProcessElement
    public void processElement(
        @Element DeadLetter deadLetter, OutputReceiver<KV<String, String>> out)
        throws JsonProcessingException {
      written.inc();
      out.output(KV.of(deadLetter.getOrigin(), json.json(deadLetter)));
    }
  }

  private static final class PrintFn extends DoFn<DeadLetter, Void> {
    @ProcessElement
    public void processElement(@Element DeadLetter deadLetter) {
      System.err.println(
          "dead letter ("
              + deadLetter.getStage()
              + ", "
              + deadLetter.getOrigin()
              + "): "
              + deadLetter.getReason()
              + " | "
              + deadLetter.getPayload());
    }
  }
}
