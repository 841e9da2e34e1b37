package dev.kappa.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.metrics.KappaMetrics;
import dev.kappa.model.Event;
import dev.kappa.pipelines.io.ConfiguredEdges;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * What a run did, printed when it ends: what ran where, what was read and written, how long. As
 * text for people, or with {@code --summary=json} as one JSON object on one line for scripts (the
 * benchmark reads it); the README lists its fields.
 */
record RunSummary(
    String pipeline,
    String runner,
    String state,
    String source,
    long recordsRead,
    long persons,
    long auctions,
    long bids,
    long deadLetters,
    long tooLate,
    String deadLettersTo,
    long resultsWritten,
    String resultsTo,
    double wallSeconds) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static RunSummary of(
      String pipeline,
      String runner,
      ConfiguredEdges edges,
      PipelineResult result,
      long wallNanos) {
    MetricQueryResults metrics = metrics(result);
    return new RunSummary(
        pipeline,
        runner,
        result.getState().toString(),
        edges.source().description(),
        counter(metrics, KappaMetrics.RECORDS_READ),
        counter(metrics, KappaMetrics.decoded(Event.Type.PERSON)),
        counter(metrics, KappaMetrics.decoded(Event.Type.AUCTION)),
        counter(metrics, KappaMetrics.decoded(Event.Type.BID)),
        counter(metrics, KappaMetrics.DEAD_LETTERS),
        counter(metrics, KappaMetrics.TOO_LATE),
        edges.deadLetters().toString(),
        counter(metrics, KappaMetrics.RESULTS_WRITTEN),
        edges.results().toString(),
        wallNanos / 1e9);
  }

  /** {@code json} or (anything else) {@code text}; {@link LaunchPlan} has checked the value. */
  String format(String form) {
    return form.equals("json") ? json() : text();
  }

  String text() {
    return String.join(
        "\n",
        String.format(Locale.ROOT, "kappa: %s on %s, %s", pipeline, runner, state),
        "  source           " + source,
        String.format(Locale.ROOT, "  records read     %,d", recordsRead),
        String.format(
            Locale.ROOT,
            "  decoded          %,d (%,d persons, %,d auctions, %,d bids)",
            persons + auctions + bids,
            persons,
            auctions,
            bids),
        String.format(
            Locale.ROOT,
            "  dead letters     %,d%s -> %s",
            deadLetters,
            tooLate > 0
                ? String.format(Locale.ROOT, " (%,d too late for their windows)", tooLate)
                : "",
            deadLettersTo),
        String.format(Locale.ROOT, "  results written  %,d -> %s", resultsWritten, resultsTo),
        String.format(
            Locale.ROOT,
            "  wall time        %.1f s (%,.0f records/s)",
            wallSeconds,
            wallSeconds > 0 ? recordsRead / wallSeconds : 0));
  }

  /** One line: {@code {"pipeline":..,"runner":..,...}}, fields in the record's order. */
  String json() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("pipeline", pipeline);
    fields.put("runner", runner);
    fields.put("state", state);
    fields.put("source", source);
    fields.put("recordsRead", recordsRead);
    Map<String, Long> decoded = new LinkedHashMap<>();
    decoded.put("persons", persons);
    decoded.put("auctions", auctions);
    decoded.put("bids", bids);
    fields.put("decoded", decoded);
    fields.put("deadLetters", deadLetters);
    fields.put("tooLate", tooLate);
    fields.put("deadLettersTo", deadLettersTo);
    fields.put("resultsWritten", resultsWritten);
    fields.put("resultsTo", resultsTo);
    fields.put("wallSeconds", wallSeconds);
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings and numbers is always JSON", e);
    }
  }

  /** Kappa's counters of a run, so far or final. */
  static MetricQueryResults metrics(PipelineResult result) {
    return result
        .metrics()
        .queryMetrics(
            MetricsFilter.builder()
                .addNameFilter(MetricNameFilter.inNamespace(KappaMetrics.NAMESPACE))
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
