package dev.kappa.launcher;

import dev.kappa.codec.EventJson;
import dev.kappa.codec.InvalidEventException;
import dev.kappa.generator.EventGenerator;
import dev.kappa.launcher.kafka.KafkaLog;
import dev.kappa.model.Event;
import dev.kappa.pipelines.kafka.KafkaClients;
import dev.kappa.pipelines.options.GeneratorOptions;
import dev.kappa.pipelines.options.KafkaOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/**
 * {@code kappa produce --topic=T [--partitions=P] (--events=N --seed=S [--rate=R] |
 * --from=file:PATH)}: writes marketplace events to a topic in the wire format, keyed by auction
 * (bids, auctions) or person id, each stamped with its event time, creating the topic if needed.
 */
@Command(
    name = "produce",
    description = {
      "Writes marketplace events to a Kafka topic, keyed and stamped with their event time: the"
          + " generator's (--events=N --seed=S, paced with --rate) or a JSON lines file's"
          + " (--from=file:PATH, bad lines too); creates the topic if needed."
    })
public final class ProduceCommand implements Callable<Integer> {
  private static final String FILE = "file:";

  /** The options of {@code kappa produce}. */
  public interface Options extends GeneratorOptions, KafkaOptions {
    @Description("The topic to write to; created with --partitions if it does not exist.")
    @Validation.Required
    String getTopic();

    void setTopic(String topic);

    @Description("Partitions of a topic this command creates.")
    @Default.Integer(4)
    int getPartitions();

    void setPartitions(int partitions);

    @Description("Events per second of wall-clock time; 0 writes as fast as the broker takes them.")
    @Default.Double(0)
    double getRate();

    void setRate(double rate);
  }

  @Mixin private HelpOption help;

  /** The options of {@link Options}, parsed by Beam. */
  @Unmatched private List<String> args = new ArrayList<>();

  private final PrintStream err;

  ProduceCommand(PrintStream err) {
    this.err = err;
  }

  @Override
  public Integer call() throws IOException {
    err.println(run(args));
    return Kappa.OK;
  }

  /** Produces as {@code args} ({@link Options}) say; what was written, in one line. */
  static String run(List<String> args) throws IOException {
    Options options = CommandLineOptions.parse(args, Options.class);
    KafkaLog log = new KafkaLog(options.getBootstrapServers());
    boolean created = log.ensureTopic(options.getTopic(), options.getPartitions());
    long start = System.nanoTime();
    long written;
    try (KafkaProducer<String, String> producer = producer(options.getBootstrapServers())) {
      Sender sender = new Sender(producer, options.getTopic(), options.getRate(), start);
      if (options.getFrom().startsWith(FILE)) {
        written = sendFile(sender, Path.of(options.getFrom().substring(FILE.length())));
      } else if (options.getFrom().equals("earliest")) {
        written = sendGenerated(sender, options);
      } else {
        throw new UsageException("produce --from takes file:PATH, got " + options.getFrom());
      }
      producer.flush();
      sender.check();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return String.format(
        "kappa: produced %,d records to %s%s on %s in %.1f s (%,.0f records/s)",
        written,
        options.getTopic(),
        created ? " (created, " + options.getPartitions() + " partitions)" : "",
        options.getBootstrapServers(),
        seconds,
        written / Math.max(seconds, 1e-3));
  }

  private static long sendGenerated(Sender sender, Options options) {
    EventGenerator generator = new EventGenerator(GeneratorOptions.generatorConfig(options));
    long events = generator.config().events();
    if (events <= 0) {
      throw new UsageException("--events must be > 0 for produce, got " + events);
    }
    for (long i = 0; i < events; i++) {
      Event event = generator.event(i);
      sender.send(key(event), event.dateTime(), EventJson.encode(event));
    }
    return events;
  }

  /** Sends each line as it is, bad ones too (the pipeline's dead letters are for them). */
  private static long sendFile(Sender sender, Path file) throws IOException {
    long count = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        try {
          Event event = EventJson.decode(line);
          sender.send(key(event), event.dateTime(), line);
        } catch (InvalidEventException e) {
          sender.send(null, System.currentTimeMillis(), line);
        }
        count++;
      }
    }
    return count;
  }

  /**
   * The Kafka key of an event: bids and auctions by auction, persons by person, what the joins and
   * counts group by (the benchmark's live producer keys its records the same way).
   */
  public static String key(Event event) {
    switch (event.type()) {
      case BID:
        return String.valueOf(event.getBid().getAuction());
      case AUCTION:
        return String.valueOf(event.getAuction().getId());
      default:
        return String.valueOf(event.getPerson().getId());
    }
  }

  private static KafkaProducer<String, String> producer(String bootstrapServers) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    // One batch in flight per partition: a retried batch can never land behind a later one, so
    // the idempotent producer's sequence numbers cannot get out of order (see KafkaLog).
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(KafkaClients.MAX_MESSAGE_BYTES));
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  /** Sends at the requested rate and remembers the first failure, reported at the end. */
  private static final class Sender {
    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final double rate;
    private final long start;
    private long sent;
    private volatile Exception failure;

    Sender(KafkaProducer<String, String> producer, String topic, double rate, long start) {
      this.producer = producer;
      this.topic = topic;
      this.rate = rate;
      this.start = start;
    }

    void send(String key, long timestamp, String value) {
      if (rate > 0) {
        long due = start + (long) (sent / rate * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          sleep(wait);
        }
      }
      producer.send(
          new ProducerRecord<>(topic, null, timestamp, key, value),
          (metadata, e) -> {
            if (e != null && failure == null) {
              failure = e;
            }
          });
      sent++;
    }

    void check() throws IOException {
      if (failure != null) {
        throw new IOException("writing to " + topic + " failed: " + failure, failure);
      }
    }

    private static void sleep(long nanos) {
      try {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while producing", e);
      }
    }
  }
}
