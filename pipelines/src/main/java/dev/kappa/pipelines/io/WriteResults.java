package dev.kappa.pipelines.io;

import java.util.concurrent.atomic.AtomicBoolean;
import dev.kappa.transforms.DecodeEvents;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;

/**
 * The results edge: one row per result pane to the console (a table on stdout) or to JSON lines
 * files {@code DIR/results-*.jsonl}. Counts what it writes as {@code kappa/resultsWritten}.
 */
public final class WriteResults<T> extends PTransform<PCollection<T>, PDone> {
  public static final String RESULTS_WRITTEN = "resultsWritten";
  private final Destination destination;

  private WriteResults(Destination destination) {
    this.destination = destination;
  }

  /** Writes elements that have a schema (every Kappa result type does). */
  public static <T> WriteResults<T> to(Destination destination) {
    if (destination.kind() == Destination.Kind.STDERR) {
      throw new IllegalArgumentException("results go to the console or to jsonl:DIR, not stderr");
    }
    return new WriteResults<>(destination);
  }

  @Override
  public PDone expand(PCollection<T> results) {
    if (destination.kind() == Destination.Kind.JSONL) {
      return results.apply(
          "WriteJsonLines",
          new WriteJsonLines<T>(destination.directory(), "results", RESULTS_WRITTEN));
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
    private final Counter written = Metrics.counter(DecodeEvents.METRICS_NAMESPACE, RESULTS_WRITTEN);

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
