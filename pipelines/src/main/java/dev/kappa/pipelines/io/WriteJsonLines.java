package dev.kappa.pipelines.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kappa.metrics.KappaMetrics;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterFirst;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.joda.time.Duration;

/**
 * Writes schema'd elements as JSON lines files {@code DIR/PREFIX-*.jsonl}, in batch and in
 * streaming alike, counting each element written.
 *
 * <p>The lines are first moved into the global window with a discarding trigger that fires every
 * {@value #FLUSH_SECONDS} s of processing time and once more at the end of input. Writing them in
 * their own windows would regroup them with their own (accumulating, late-firing) trigger, so the
 * write would emit an accumulated pane again and duplicate rows; in the global window each element
 * is written exactly once, and a late result is never behind the file write's watermark.
 */
final class WriteJsonLines<T> extends PTransform<PCollection<T>, PDone> {
  static final int FLUSH_SECONDS = 5;

  private final String directory;
  private final String prefix;
  private final String counterName;

  WriteJsonLines(String directory, String prefix, String counterName) {
    this.directory = directory;
    this.prefix = prefix;
    this.counterName = counterName;
  }

  @Override
  public PDone expand(PCollection<T> elements) {
    return elements
        .apply("ToJsonLines", ParDo.of(new ToJsonLineFn<>(JsonRows.of(elements), counterName)))
        .apply(
            "CollectForWriting",
            Window.<String>into(new GlobalWindows())
                .triggering(
                    Repeatedly.forever(
                        AfterFirst.of(
                            AfterProcessingTime.pastFirstElementInPane()
                                .plusDelayOf(Duration.standardSeconds(FLUSH_SECONDS)),
                            AfterWatermark.pastEndOfWindow())))
                .withAllowedLateness(Duration.ZERO)
                .discardingFiredPanes())
        .apply(
            "WriteFiles",
            TextIO.write()
                .to(directory.replaceAll("/+$", "") + "/" + prefix + "-")
                .withSuffix(".jsonl")
                .withWindowedWrites()
                .withNumShards(1));
  }

  /**
   * Counts and formats in one step: on the DirectRunner every step after a grouping costs a
   * translation per key, so fewer steps there is much faster.
   */
  private static final class ToJsonLineFn<T> extends DoFn<T, String> {
    private final JsonRows<T> json;
    private final Counter written;

    ToJsonLineFn(JsonRows<T> json, String counterName) {
      this.json = json;
      this.written = KappaMetrics.counter(counterName);
    }

    @ProcessElement
    public void processElement(@Element T element, OutputReceiver<String> out)
        throws JsonProcessingException {
      written.inc();
      out.output(json.json(element));
    }
  }
}
