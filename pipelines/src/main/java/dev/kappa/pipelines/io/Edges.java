package dev.kappa.pipelines.io;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.model.Event;
import dev.kappa.pipelines.options.GeneratorOptions;
import dev.kappa.pipelines.options.KappaOptions;
import dev.kappa.transforms.AssignEventTimes;
import dev.kappa.transforms.DecodeEvents;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * The two ends of every pipeline, the only parts that change between a live run, a replay and a
 * test: records in (decoded, dead letters split off, stamped with event time) and results out.
 */
public final class Edges {
  private static final String FILE = "file:";

  private final ReadRecords source;
  private final Destination results;
  private final Destination deadLetters;
  private final int progressSeconds;

  private Edges(
      ReadRecords source, Destination results, Destination deadLetters, int progressSeconds) {
    this.source = source;
    this.results = results;
    this.deadLetters = deadLetters;
    this.progressSeconds = progressSeconds;
  }

  /** The edges the options name; an unknown source or sink is an IllegalArgumentException. */
  public static Edges from(KappaOptions options) {
    Destination results = Destination.parseSink(options.getSink());
    return new Edges(
        source(options),
        results,
        Destination.parseDeadLetters(options.getDeadLetters(), results),
        options.getProgressSeconds());
  }

  private static ReadRecords source(KappaOptions options) {
    String spec = options.getSource();
    if (spec.startsWith(FILE) && spec.length() > FILE.length()) {
      return ReadRecords.file(spec.substring(FILE.length()));
    }
    if (!spec.equals("generator")) {
      throw new IllegalArgumentException(
          "unknown --source '" + spec + "' (expected 'generator' or 'file:PATH')");
    }
    GeneratorConfig config = GeneratorOptions.generatorConfig(options);
    boolean streaming = options.as(StreamingOptions.class).isStreaming();
    if (options.getRate() > 0 || streaming) {
      return ReadRecords.liveGenerator(config, options.getRate());
    }
    if (config.events() == 0) {
      throw new IllegalArgumentException(
          "--events must be > 0 for a batch run (use --rate or --streaming for an endless stream)");
    }
    return ReadRecords.generator(config);
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
    PCollection<String> records = pipeline.apply("ReadRecords", source);
    if (progressSeconds > 0) {
      records = records.apply("ReportProgress", ReportProgress.every(progressSeconds));
    }
    PCollectionTuple decoded = records.apply("DecodeEvents", DecodeEvents.fromJson());
    decoded
        .get(DecodeEvents.DEAD_LETTERS)
        .apply("WriteDeadLetters", WriteDeadLetters.to(deadLetters));
    return decoded
        .get(DecodeEvents.EVENTS)
        .apply("AssignEventTimes", AssignEventTimes.fromDateTime());
  }

  /** Writes schema'd results, one row per pane, to the results sink. */
  public <T> void writeResults(PCollection<T> resultRows) {
    resultRows.apply("WriteResults", WriteResults.to(results));
  }
}
