package dev.kappa.bench;

import java.util.Locale;

/**
 * The live version's watermark lag before and during a backfill, free and throttled ({@link
 * BackfillRun}), and how fast each backfill read; {@code outcome} is the live version's answers
 * against the model.
 */
record BackfillMeasurement(
    long liveRate,
    long throttle,
    long historyRecords,
    BackfillRun.Lag quiet,
    BackfillRun.Phase free,
    BackfillRun.Phase throttled,
    String outcome,
    int cores,
    String date) {

  static final String CSV_HEADER =
      "live_events_per_s,throttle_records_per_s,history_records,quiet_lag_p50_s,quiet_lag_max_s,"
          + "free_lag_p50_s,free_lag_max_s,free_backfill_records_per_s,throttled_lag_p50_s,"
          + "throttled_lag_max_s,throttled_backfill_records_per_s,outcome,cores,date";

  static BackfillMeasurement failed(long liveRate, long throttle, long history, String outcome) {
    BackfillRun.Lag none = new BackfillRun.Lag(-1, -1);
    BackfillRun.Phase idle = new BackfillRun.Phase(none, 0, 0);
    return new BackfillMeasurement(
        liveRate,
        throttle,
        history,
        none,
        idle,
        idle,
        outcome,
        0,
        java.time.LocalDate.now().toString());
  }

  boolean correct() {
    return outcome.equals("correct");
  }

  String csv() {
    return String.join(
        ",",
        String.valueOf(liveRate),
        String.valueOf(throttle),
        String.valueOf(historyRecords),
        seconds(quiet.p50Ms()),
        seconds(quiet.maxMs()),
        seconds(free.live().p50Ms()),
        seconds(free.live().maxMs()),
        String.valueOf(free.backfillRecordsPerSecond()),
        seconds(throttled.live().p50Ms()),
        seconds(throttled.live().maxMs()),
        String.valueOf(throttled.backfillRecordsPerSecond()),
        outcome,
        String.valueOf(cores),
        date);
  }

  private static String seconds(long millis) {
    return millis < 0 ? "" : String.format(Locale.ROOT, "%.1f", millis / 1000.0);
  }
}
