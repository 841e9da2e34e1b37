package dev.kappa.bench;

import java.util.Locale;

/** One row of the results CSV: a system's run of a query over one input at one size. */
record Measurement(
    String system,
    String query,
    String input,
    long events,
    double wallSeconds,
    long peakRssMb,
    String outcome,
    int cores,
    String date) {

  static final String CSV_HEADER =
      "system,query,input,events,wall_s,events_per_s,peak_rss_mb,outcome,cores,date";

  /**
   * Of two runs of one system, query, input and size (--repeat): the faster, with the higher peak
   * RSS of the two; if either was not correct, that one, so a wrong answer is never hidden behind a
   * right one.
   */
  static Measurement better(Measurement a, Measurement b) {
    if (!a.correct() || !b.correct()) {
      return a.correct() ? b : a;
    }
    Measurement faster = a.wallSeconds <= b.wallSeconds ? a : b;
    return new Measurement(
        faster.system,
        faster.query,
        faster.input,
        faster.events,
        faster.wallSeconds,
        Math.max(a.peakRssMb, b.peakRssMb),
        faster.outcome,
        faster.cores,
        faster.date);
  }

  boolean correct() {
    return outcome.equals("correct");
  }

  String csv() {
    return String.format(
        Locale.ROOT,
        "%s,%s,%s,%d,%.2f,%.0f,%d,%s,%d,%s",
        system,
        query,
        input,
        events,
        wallSeconds,
        events / wallSeconds,
        peakRssMb,
        outcome,
        cores,
        date);
  }
}
