package dev.kappa.bench;

import dev.kappa.bench.LiveEvents.Phase;
import java.util.Locale;

/**
 * One overload run: a live {@code auction-stats} fed at {@code warm}, then at {@code peak} (more
 * than it can process), then at {@code calm}. Lag is the window task's watermark behind the wall
 * clock and, in records, the events due by then whose event time the watermark has not reached;
 * memory is the process's resident set and the heap in use, during the warm phase and after it,
 * with the heap limit {@code bin/kappa} sets ("as shipped") or a lower one ({@code maxHeap}).
 */
record OverloadMeasurement(
    Phase warm,
    Phase peak,
    Phase calm,
    String maxHeap,
    long offeredPeakRate,
    long lagMaxMs,
    long behindMaxRecords,
    long behindAtPeakEndRecords,
    long caughtUpSeconds,
    long drainRate,
    long residentWarmMb,
    long residentAfterMb,
    long heapWarmMb,
    long heapAfterMb,
    long peakRssMb,
    String outcome,
    int cores,
    String date) {

  static final String CSV_HEADER =
      "system,query,max_heap,warm_per_s,warm_s,peak_per_s,peak_s,calm_per_s,"
          + "calm_s,offered_peak_per_s,lag_max_ms,behind_max_records,behind_at_peak_end_records,"
          + "caught_up_s,drain_per_s,rss_warm_mb,rss_after_mb,heap_warm_mb,heap_after_mb,"
          + "peak_rss_mb,caught_up,outcome,cores,date";

  boolean correct() {
    return outcome.equals("correct");
  }

  /** Its watermark came back within {@link LiveMeasurement#MAX_LAG_MS} during the calm phase. */
  boolean caughtUp() {
    return caughtUpSeconds >= 0;
  }

  String csv() {
    return String.format(
        Locale.ROOT,
        "kappa-flink-local,auction-stats,%s,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%s,"
            + "%s,%d,%s",
        maxHeap,
        warm.rate(),
        warm.seconds(),
        peak.rate(),
        peak.seconds(),
        calm.rate(),
        calm.seconds(),
        offeredPeakRate,
        lagMaxMs,
        behindMaxRecords,
        behindAtPeakEndRecords,
        caughtUpSeconds,
        drainRate,
        residentWarmMb,
        residentAfterMb,
        heapWarmMb,
        heapAfterMb,
        peakRssMb,
        caughtUp(),
        outcome,
        cores,
        date);
  }

  /** The run as a few lines for the terminal. */
  String table() {
    return String.format(
        Locale.ROOT,
        "%noverload: kappa-flink-local live auction-stats, heap %s, %,d/s for %d s, %,d/s for"
            + " %d s (offered %,d/s), then %,d/s for %d s%n"
            + "  watermark lag max %s; records behind max %,d (%,d when the peak ended)%n"
            + "  caught up %s after the peak%s%n"
            + "  resident memory %,d MB warm, %,d MB max after; heap in use %,d MB warm, %,d MB"
            + " max after; answers %s%n",
        maxHeap,
        warm.rate(),
        warm.seconds(),
        peak.rate(),
        peak.seconds(),
        offeredPeakRate,
        calm.rate(),
        calm.seconds(),
        Report.seconds(lagMaxMs),
        behindMaxRecords,
        behindAtPeakEndRecords,
        caughtUp() ? caughtUpSeconds + " s" : "NOT",
        caughtUp() ? String.format(Locale.ROOT, " (drained at %,d events/s)", drainRate) : "",
        residentWarmMb,
        residentAfterMb,
        heapWarmMb,
        heapAfterMb,
        outcome);
  }
}
