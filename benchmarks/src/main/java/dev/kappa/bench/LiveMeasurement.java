package dev.kappa.bench;

import java.util.Locale;

/**
 * One live run: a system reading a topic fed at {@code rate} events per second for {@code seconds}.
 * The watermark lag is wall-clock time minus the window task's input watermark, sampled after the
 * stream's warm-up; the latency is from an event's append to the topic to the first result that
 * counts it becoming visible: Kappa's served row in PostgreSQL, the native job's line in its result
 * files.
 */
record LiveMeasurement(
    String system,
    long rate,
    long seconds,
    long lagP50Ms,
    long lagMaxMs,
    long latencyP50Ms,
    long latencyP99Ms,
    int latencySamples,
    int latencyUnseen,
    long peakRssMb,
    String outcome,
    int cores,
    String date) {

  static final String CSV_HEADER =
      "system,query,rate_per_s,seconds,watermark_lag_p50_ms,"
          + "watermark_lag_max_ms,latency_p50_ms,latency_p99_ms,latency_samples,latency_unseen,"
          + "peak_rss_mb,keeps_up,outcome,cores,date";

  /** The watermark may trail the wall clock by at most this much for a run to keep up. */
  static final long MAX_LAG_MS = 5_000;

  boolean correct() {
    return outcome.equals("correct");
  }

  /** Correct, and its watermark stayed within {@link #MAX_LAG_MS} of the wall clock. */
  boolean keepsUp() {
    return correct() && lagMaxMs >= 0 && lagMaxMs <= MAX_LAG_MS;
  }

  String csv() {
    return String.format(
        Locale.ROOT,
        "%s,auction-stats,%d,%d,%d,%d,%d,%d,%d,%d,%d,%s,%s,%d,%s",
        system,
        rate,
        seconds,
        lagP50Ms,
        lagMaxMs,
        latencyP50Ms,
        latencyP99Ms,
        latencySamples,
        latencyUnseen,
        peakRssMb,
        keepsUp(),
        outcome,
        cores,
        date);
  }
}
