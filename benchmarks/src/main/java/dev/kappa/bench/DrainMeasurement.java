package dev.kappa.bench;

import java.util.Locale;

/**
 * One drain: a live {@code auction-stats} started on a topic holding {@code events} events, and the
 * milliseconds from its process's start until its window task's watermark passed the newest of them
 * (-1 if it did not).
 */
record DrainMeasurement(
    String system,
    long events,
    long drainMs,
    long peakRssMb,
    String outcome,
    int cores,
    String date) {

  static final String CSV_HEADER =
      "system,query,input,events,drain_ms,peak_rss_mb,outcome,cores,date";

  boolean correct() {
    return outcome.equals("correct");
  }

  String csv() {
    return String.format(
        Locale.ROOT,
        "%s,auction-stats,kafka-live,%d,%d,%d,%s,%d,%s",
        system,
        events,
        drainMs,
        peakRssMb,
        outcome,
        cores,
        date);
  }
}
