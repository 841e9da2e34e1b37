package dev.kappa.launcher;

import dev.kappa.model.Event;
import dev.kappa.pipelines.io.ConfiguredEdges;
import dev.kappa.pipelines.io.WriteResults;
import dev.kappa.transforms.DecodeEvents;
import java.util.Locale;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/** The lines printed when a run ends: what ran where, what was read and written, how long. */
final class RunSummary {
  private RunSummary() {}

  static String of(
      String pipeline,
      String runner,
      ConfiguredEdges edges,
      PipelineResult result,
      long wallNanos) {
    MetricQueryResults metrics = metrics(result);
    long read = counter(metrics, DecodeEvents.RECORDS_READ);
    long persons = counter(metrics, DecodeEvents.decodedCounterName(Event.Type.PERSON));
    long auctions = counter(metrics, DecodeEvents.decodedCounterName(Event.Type.AUCTION));
    long bids = counter(metrics, DecodeEvents.decodedCounterName(Event.Type.BID));
    long deadLetters = counter(metrics, DecodeEvents.DEAD_LETTERS_COUNTER);
    long results = counter(metrics, WriteResults.RESULTS_WRITTEN);
    double seconds = wallNanos / 1e9;
    return String.join(
        "\n",
        String.format(Locale.ROOT, "kappa: %s on %s, %s", pipeline, runner, result.getState()),
        "  source           " + edges.source().description(),
        String.format(Locale.ROOT, "  records read     %,d", read),
        String.format(
            Locale.ROOT,
            "  decoded          %,d (%,d persons, %,d auctions, %,d bids)",
            persons + auctions + bids,
            persons,
            auctions,
            bids),
        String.format(
            Locale.ROOT, "  dead letters     %,d -> %s", deadLetters, edges.deadLetters()),
        String.format(Locale.ROOT, "  results written  %,d -> %s", results, edges.results()),
        String.format(
            Locale.ROOT,
            "  wall time        %.1f s (%,.0f records/s)",
            seconds,
            seconds > 0 ? read / seconds : 0));
  }

  /** Kappa's counters of a run, so far or final. */
  static MetricQueryResults metrics(PipelineResult result) {
    return result
        .metrics()
        .queryMetrics(
            MetricsFilter.builder()
                .addNameFilter(MetricNameFilter.inNamespace(DecodeEvents.METRICS_NAMESPACE))
                .build());
  }

  /** One counter, summed over the steps that count it. */
  static long counter(MetricQueryResults metrics, String name) {
    long total = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      if (counter.getName().getName().equals(name)) {
        total += counter.getAttempted();
      }
    }
    return total;
  }
}
