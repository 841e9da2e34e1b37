package dev.kappa.pipelines.io;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.model.Event;
import dev.kappa.model.SourceRecord;
import dev.kappa.pipelines.KappaPipeline;
import dev.kappa.pipelines.kafka.KafkaLog;
import dev.kappa.pipelines.kafka.ReadLogSlice;
import dev.kappa.pipelines.serving.ServingTable;
import dev.kappa.pipelines.options.GeneratorOptions;
import dev.kappa.pipelines.options.KappaOptions;
import dev.kappa.transforms.AssignEventTimes;
import dev.kappa.transforms.DecodeEvents;
import java.util.Optional;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.joda.time.Duration;

/**
 * The two ends of every pipeline, the only parts that change between a live run, a replay and a
 * test: records in (decoded, dead letters split off, stamped with event time) and results out.
 */
public final class Edges {
  private static final String FILE = "file:";
  private static final String KAFKA = "kafka:";

  private final ReadRecords source;
  private final Destination results;
  private final Destination deadLetters;
  private final int progressSeconds;
  private final String pipelineName;
  private final String version;
  private final ServingTable serving;
  private final String bootstrapServers;

  private Edges(
      ReadRecords source,
      Destination results,
      Destination deadLetters,
      KappaOptions options,
      KappaPipeline<?> definition) {
    this.source = source;
    this.results = results;
    this.deadLetters = deadLetters;
    this.progressSeconds = options.getProgressSeconds();
    this.pipelineName = definition.name();
    this.version = options.getVersion();
    this.serving = definition.serving();
    this.bootstrapServers = options.getBootstrapServers();
  }

  /**
   * The edges the options name for {@code definition}; an unknown source or sink is an
   * IllegalArgumentException. A replay fixes its slice of the log here, when the run starts.
   */
  public static Edges from(KappaOptions options, KappaPipeline<?> definition) {
    Destination results = Destination.parseSink(options.getSink());
    Destination deadLetters = Destination.parseDeadLetters(options.getDeadLetters(), results);
    if (deadLetters.kind() == Destination.Kind.KAFKA) {
      new KafkaLog(options.getBootstrapServers()).ensureTopic(deadLetters.topic(), 1);
    }
    return new Edges(
        source(options, definition.name()), results, deadLetters, options, definition);
  }

  private static ReadRecords source(KappaOptions options, String pipeline) {
    String spec = options.getSource();
    if (spec.startsWith(FILE) && spec.length() > FILE.length()) {
      return ReadRecords.file(spec.substring(FILE.length()));
    }
    Optional<String> topic = kafkaTopic(spec);
    if (topic.isPresent()) {
      return kafka(options, topic.get(), pipeline);
    }
    if (!spec.equals("generator")) {
      throw new IllegalArgumentException(
          "unknown --source '" + spec + "' (expected 'generator', 'file:PATH' or 'kafka:TOPIC')");
    }
    GeneratorConfig config = GeneratorOptions.generatorConfig(options);
    if (isLive(options)) {
      return ReadRecords.liveGenerator(config, options.getRate());
    }
    if (config.events() == 0) {
      throw new IllegalArgumentException(
          "--events must be > 0 for a batch run (use --rate or --streaming for an endless stream)");
    }
    return ReadRecords.generator(config);
  }

  /**
   * Whether {@code options} name an unbounded source, that is a live run: a Kafka topic read live,
   * or the generator paced by {@code --rate} or run with {@code --streaming}.
   */
  public static boolean isLive(KappaOptions options) {
    if (kafkaTopic(options.getSource()).isPresent()) {
      return !options.getReplay();
    }
    return options.getSource().equals("generator")
        && (options.getRate() > 0 || options.as(StreamingOptions.class).isStreaming());
  }

  /** The topic of a {@code kafka:TOPIC} source, if {@code source} is one. */
  public static Optional<String> kafkaTopic(String source) {
    return source.startsWith(KAFKA) && source.length() > KAFKA.length()
        ? Optional.of(source.substring(KAFKA.length()))
        : Optional.empty();
  }

  private static ReadRecords kafka(KappaOptions options, String topic, String pipeline) {
    if (options.getReplay()) {
      KafkaLog log = new KafkaLog(options.getBootstrapServers());
      return ReadRecords.kafkaReplay(
          topic,
          ReadLogSlice.of(
              options.getBootstrapServers(),
              log.slice(topic, options.getFrom(), options.getTo())));
    }
    new KafkaLog(options.getBootstrapServers()).requireTopic(topic);
    String group =
        options.getConsumerGroup().isEmpty()
            ? "kappa-" + pipeline + "-" + options.getVersion()
            : options.getConsumerGroup();
    return ReadRecords.kafkaLive(
        options.getBootstrapServers(),
        topic,
        group,
        Duration.standardSeconds(options.getMaxOutOfOrdernessSeconds()));
  }

  public ReadRecords source() {
    return source;
  }

  public Destination results() {
    return results;
  }

  public Destination deadLetters() {
    return deadLetters;
  }

  /** Source, decoding (dead letters to their sink), event time: typed events, ready to window. */
  public PCollection<Event> readEvents(Pipeline pipeline) {
    PCollection<SourceRecord> records = pipeline.apply("ReadRecords", source);
    if (progressSeconds > 0) {
      records = records.apply("ReportProgress", ReportProgress.every(progressSeconds));
    }
    PCollectionTuple decoded = records.apply("DecodeEvents", DecodeEvents.fromJson());
    decoded
        .get(DecodeEvents.DEAD_LETTERS)
        .apply("WriteDeadLetters", WriteDeadLetters.to(deadLetters, bootstrapServers, pipelineName, version));
    return decoded
        .get(DecodeEvents.EVENTS)
        .apply("AssignEventTimes", AssignEventTimes.fromDateTime());
  }

  /** Writes schema'd results, one row per pane, to the results sink. */
  public <T> void writeResults(PCollection<T> resultRows) {
    resultRows.apply("WriteResults", WriteResults.to(results, pipelineName, version, serving));
  }
}
