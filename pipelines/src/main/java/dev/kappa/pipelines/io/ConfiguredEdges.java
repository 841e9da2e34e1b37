package dev.kappa.pipelines.io;

import dev.kappa.model.Event;
import dev.kappa.model.SourceRecord;
import dev.kappa.pipelines.Edges;
import dev.kappa.pipelines.serving.ServingTable;
import dev.kappa.transforms.DecodeEvents;
import dev.kappa.windowing.Lateness;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * The edges a run's options name: records from {@code --source} (held to a rate per reader if
 * asked, decoded and stamped with event time, dead letters split off to {@code --deadLetters}) and
 * results to {@code --sink}. Building it does no I/O: the launcher has already checked the services
 * and fixed a replay's slice of the log.
 */
public final class ConfiguredEdges implements Edges {
  private final ReadRecords source;
  private final Destination results;
  private final Destination deadLetters;
  private final Identity run;
  private final int progressSeconds;
  private final String bootstrapServers;
  private final double recordsPerSecondPerReader;

  /** Which pipeline and version write, and how their rows sit in the serving database. */
  public record Identity(String pipeline, String version, ServingTable serving) {}

  public ConfiguredEdges(
      ReadRecords source,
      Destination results,
      Destination deadLetters,
      Identity run,
      int progressSeconds,
      String bootstrapServers,
      double recordsPerSecondPerReader) {
    this.source = source;
    this.results = results;
    this.deadLetters = deadLetters;
    this.run = run;
    this.progressSeconds = progressSeconds;
    this.bootstrapServers = bootstrapServers;
    this.recordsPerSecondPerReader = recordsPerSecondPerReader;
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

  @Override
  public PCollection<Event> readEvents(Pipeline pipeline, Lateness lateness) {
    PCollection<SourceRecord> records = pipeline.apply("ReadRecords", source);
    if (recordsPerSecondPerReader > 0) {
      records =
          records.apply("ThrottleRecords", ThrottleRecords.perInstance(recordsPerSecondPerReader));
    }
    if (progressSeconds > 0) {
      records = records.apply("ReportProgress", ReportProgress.every(progressSeconds));
    }
    PCollectionTuple decoded = records.apply("DecodeEvents", DecodeEvents.fromJson(lateness));
    decoded
        .get(DecodeEvents.DEAD_LETTERS)
        .apply(
            "WriteDeadLetters",
            WriteDeadLetters.to(deadLetters, bootstrapServers, run.pipeline(), run.version()));
    return decoded.get(DecodeEvents.EVENTS);
  }

  @Override
  public <T> void writeResults(PCollection<T> resultRows) {
    resultRows.apply(
        "WriteResults",
        WriteResults.to(results, bootstrapServers, run.pipeline(), run.version(), run.serving()));
  }
}
