package dev.kappa.pipelines.io;

import dev.kappa.metrics.KappaMetrics;
import dev.kappa.pipelines.serving.ServingTable;
import dev.kappa.pipelines.serving.WriteServingTable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;

/**
 * The results edge: one row per result pane to the console (a table on stdout), to JSON lines files
 * {@code DIR/results-*.jsonl}, upserted into the serving database, or to a Kafka topic ({@link
 * WriteResultsTopic}). Counts what it writes as {@code kappa/resultsWritten}.
 */
public final class WriteResults<T> extends PTransform<PCollection<T>, PDone> {
  private final Destination destination;
  private final String bootstrapServers;
  private final String pipeline;
  private final String version;
  private final ServingTable serving;

  private WriteResults(
      Destination destination,
      String bootstrapServers,
      String pipeline,
      String version,
      ServingTable serving) {
    this.destination = destination;
    this.bootstrapServers = bootstrapServers;
    this.pipeline = pipeline;
    this.version = version;
    this.serving = serving;
  }

  /**
   * Writes elements that have a schema (every Kappa result type does); a {@code jdbc:} destination
   * gets table {@code PIPELINE_VERSION}, laid out as {@code serving} says, and a {@code kafka:} one
   * (on {@code bootstrapServers}) records keyed by {@code serving}'s key fields and the window.
   */
  public static <T> WriteResults<T> to(
      Destination destination,
      String bootstrapServers,
      String pipeline,
      String version,
      ServingTable serving) {
    if (destination.kind() == Destination.Kind.STDERR) {
      throw new IllegalArgumentException(
          "results go to the console, jsonl:DIR, jdbc:postgresql://... or kafka:TOPIC, not "
              + destination);
    }
    return new WriteResults<>(destination, bootstrapServers, pipeline, version, serving);
  }

  @Override
  public PDone expand(PCollection<T> results) {
    if (destination.kind() == Destination.Kind.JDBC) {
      return results.apply(
          "WriteServingTable",
          WriteServingTable.to(
              destination.database(), pipeline, version, serving, KappaMetrics.RESULTS_WRITTEN));
    }
    if (destination.kind() == Destination.Kind.KAFKA) {
      return results.apply(
          "WriteResultsTopic",
          destination.exactlyOnceWriters() > 0
              ? WriteResultsTopic.<T>exactlyOnce(
                  bootstrapServers,
                  destination.topic(),
                  serving.keyFields(),
                  "kappa-results-" + pipeline + "-" + version,
                  destination.exactlyOnceWriters())
              : WriteResultsTopic.<T>atLeastOnce(
                  bootstrapServers, destination.topic(), serving.keyFields()));
    }
    if (destination.kind() == Destination.Kind.JSONL) {
      return results.apply(
          "WriteJsonLines",
          new WriteJsonLines<T>(destination.directory(), "results", KappaMetrics.RESULTS_WRITTEN));
    }
    results.apply(
        "PrintTable",
        ParDo.of(
            new PrintRowFn<>(
                ConsoleTable.header(results.getSchema()), results.getToRowFunction())));
    return PDone.in(results.getPipeline());
  }

  /** Counts and prints rows to stdout, under a header printed once per JVM. */
  private static final class PrintRowFn<T> extends DoFn<T, Void> {
    private static final AtomicBoolean HEADER_PRINTED = new AtomicBoolean();
    private final String header;
    private final SerializableFunction<T, Row> toRow;
    private final Counter written = KappaMetrics.counter(KappaMetrics.RESULTS_WRITTEN);

    PrintRowFn(String header, SerializableFunction<T, Row> toRow) {
      this.header = header;
      this.toRow = toRow;
    }

    @ProcessElement
    public void processElement(@Element T result) {
      written.inc();
      String line = ConsoleTable.row(toRow.apply(result));
      synchronized (System.out) {
        if (HEADER_PRINTED.compareAndSet(false, true)) {
          System.out.println(header);
        }
        System.out.println(line);
      }
    }
  }
}
