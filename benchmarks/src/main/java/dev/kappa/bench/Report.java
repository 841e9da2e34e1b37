package dev.kappa.bench;

import dev.kappa.testing.AbsurdRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The figures of a run: per system, input and query the start-up time, the wall time at each size,
 * the marginal rate between the two sizes and its ratio to the native Flink job's and the hand
 * loop's on the same input. Rates come only from runs whose answers were correct.
 */
final class Report {
  static final String LIVE = "live";
  static final List<String> NATIVE_MODES = List.of("native-flink", "native-flink-streaming");

  /** One system on one input and query, over every size it ran. */
  record Line(String system, String input, String query, Map<Long, Measurement> bySize) {
    OptionalDouble wall(long events) {
      Measurement m = bySize.get(events);
      return m != null && m.correct() ? OptionalDouble.of(m.wallSeconds()) : OptionalDouble.empty();
    }

    /**
     * The two sizes the line ran besides the start-up run (which {@code --quick} leaves out),
     * smaller first; fewer if a run is missing.
     */
    List<Long> measuredSizes() {
      List<Long> sizes = new ArrayList<>(bySize.keySet());
      sizes.remove(Long.valueOf(Bench.STARTUP_EVENTS));
      sizes.sort(null);
      return sizes;
    }

    /** {@code (N2 - N1) / (t2 - t1)} over the two measured sizes, if both were correct. */
    OptionalDouble marginalRate() {
      List<Long> sizes = measuredSizes();
      if (sizes.size() < 2) {
        return OptionalDouble.empty();
      }
      long n1 = sizes.get(0);
      long n2 = sizes.get(1);
      OptionalDouble t1 = wall(n1);
      OptionalDouble t2 = wall(n2);
      if (t1.isEmpty() || t2.isEmpty() || t2.getAsDouble() <= t1.getAsDouble()) {
        return OptionalDouble.empty();
      }
      return OptionalDouble.of((n2 - n1) / (t2.getAsDouble() - t1.getAsDouble()));
    }

    long peakRssMb() {
      return bySize.values().stream().mapToLong(Measurement::peakRssMb).max().orElse(0);
    }

    boolean allCorrect() {
      return bySize.values().stream().allMatch(Measurement::correct);
    }
  }

  private final List<LiveMeasurement> live;
  private final List<DrainMeasurement> drain;
  private final List<OverloadMeasurement> overload;
  private final List<GarbageRun.Result> garbage;
  private final List<Long> sizes;
  private final List<Line> lines = new ArrayList<>();

  Report(
      List<Measurement> measurements,
      List<LiveMeasurement> live,
      List<DrainMeasurement> drain,
      List<OverloadMeasurement> overload,
      List<GarbageRun.Result> garbage,
      List<Long> sizes) {
    this.live = live;
    this.drain = drain;
    this.overload = overload;
    this.garbage = garbage;
    this.sizes = sizes;
    Map<String, Line> byKey = new LinkedHashMap<>();
    for (Measurement m : measurements) {
      // Repeated runs (--repeat) of one size keep one measurement: Measurement.better.
      byKey
          .computeIfAbsent(
              m.system() + "|" + m.input() + "|" + m.query(),
              k -> new Line(m.system(), m.input(), m.query(), new LinkedHashMap<>()))
          .bySize()
          .merge(m.events(), m, Measurement::better);
    }
    lines.addAll(byKey.values());
  }

  List<Line> lines() {
    return lines;
  }

  Optional<Line> peer(String system, Line of) {
    return lines.stream()
        .filter(
            l ->
                l.system().equals(system)
                    && l.input().equals(of.input())
                    && l.query().equals(of.query()))
        .findFirst();
  }

  OptionalDouble ratio(Line line, String peer) {
    return quotient(
        line.marginalRate(),
        peer(peer, line).map(Line::marginalRate).orElse(OptionalDouble.empty()));
  }

  /**
   * The native Flink job in the faster of its two runtime modes on the same input and query, the
   * peer every line is compared with: {@code native-flink} (BATCH) or {@code
   * native-flink-streaming}.
   */
  Optional<String> fastestNative(Line of) {
    return NATIVE_MODES.stream()
        .filter(
            name ->
                peer(name, of).map(Line::marginalRate).orElse(OptionalDouble.empty()).isPresent())
        .max(
            Comparator.comparingDouble(
                name -> peer(name, of).orElseThrow().marginalRate().getAsDouble()));
  }

  /** {@link #ratio} to {@link #fastestNative}. */
  OptionalDouble nativeRatio(Line line) {
    return fastestNative(line).map(name -> ratio(line, name)).orElse(OptionalDouble.empty());
  }

  /** "batch" or "streaming": the runtime mode of {@link #fastestNative}, "-" if none ran. */
  String nativeMode(Line line) {
    return fastestNative(line)
        .map(name -> name.endsWith("streaming") ? "streaming" : "batch")
        .orElse("-");
  }

  /** The highest rate (events per second) at which {@code system} kept up, if any. */
  OptionalDouble sustainedRate(String system) {
    return live.stream()
        .filter(m -> m.system().equals(system) && m.keepsUp())
        .mapToDouble(LiveMeasurement::rate)
        .max();
  }

  private List<String> liveSystems() {
    return live.stream().map(LiveMeasurement::system).distinct().toList();
  }

  /** The live runs: watermark lag and served latency per rate, and the highest rate kept up. */
  String liveTable() {
    if (live.isEmpty()) {
      return "";
    }
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%nlive auction-stats on a topic, %d s streams (keeps up: watermark within %s of the"
                    + " clock, answers correct)%n",
                live.get(0).seconds(),
                seconds(LiveMeasurement.MAX_LAG_MS)));
    for (String system : liveSystems()) {
      out.append(String.format(Locale.ROOT, "%s%n", system));
      for (LiveMeasurement m : live) {
        if (m.system().equals(system)) {
          out.append(
              String.format(
                  Locale.ROOT,
                  "  %,9d/s: watermark lag p50 %6s max %6s  append-to-served p50 %6s p99 %6s  %s%n",
                  m.rate(),
                  seconds(m.lagP50Ms()),
                  seconds(m.lagMaxMs()),
                  seconds(m.latencyP50Ms()),
                  seconds(m.latencyP99Ms()),
                  m.keepsUp() ? "keeps up" : m.correct() ? "behind" : m.outcome()));
        }
      }
      out.append(
          String.format(
              Locale.ROOT, "  -> sustained %s events/s%n", number(sustainedRate(system), "%,.0f")));
    }
    return out.toString();
  }

  /**
   * {@code (N2 - N1) / (t2 - t1)} between the drains of {@code system}'s two backlogs: its live
   * capacity, start-up cancelled; empty unless both drains were correct.
   */
  OptionalDouble drainRate(String system) {
    List<DrainMeasurement> own =
        drain.stream()
            .filter(m -> m.system().equals(system))
            .sorted(Comparator.comparingLong(DrainMeasurement::events))
            .toList();
    if (own.size() != 2
        || !own.get(0).correct()
        || !own.get(1).correct()
        || own.get(1).drainMs() <= own.get(0).drainMs()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(
        (own.get(1).events() - own.get(0).events())
            * 1000.0
            / (own.get(1).drainMs() - own.get(0).drainMs()));
  }

  /** The drains: time to work through each backlog, the marginal rate and its ratio to native. */
  String drainTable() {
    if (drain.isEmpty()) {
      return "";
    }
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%nlive capacity: auction-stats started on a topic holding a backlog, until its"
                    + " watermark passes the newest event%n"));
    OptionalDouble nativeRate = drainRate("native-flink");
    for (String system : drain.stream().map(DrainMeasurement::system).distinct().toList()) {
      StringBuilder times = new StringBuilder();
      drain.stream()
          .filter(m -> m.system().equals(system))
          .forEach(
              m ->
                  times.append(
                      String.format(
                          Locale.ROOT,
                          "  %s: %s%s",
                          shortSize(m.events()),
                          seconds(m.drainMs()),
                          m.correct() ? "" : " " + m.outcome())));
      OptionalDouble rate = drainRate(system);
      out.append(
          String.format(
              Locale.ROOT,
              "  %-24s%s  -> %s events/s (%sx native)%n",
              system,
              times,
              number(rate, "%,.0f"),
              number(quotient(rate, nativeRate), "%.2f")));
    }
    return out.toString();
  }

  void writeDrainCsv(Path file) throws IOException {
    if (drain.isEmpty()) {
      return;
    }
    List<String> rows = new ArrayList<>(List.of(DrainMeasurement.CSV_HEADER));
    drain.forEach(m -> rows.add(m.csv()));
    Files.write(file, rows);
  }

  /** Milliseconds as seconds with one decimal, "-" for none (-1). */
  static String seconds(long millis) {
    return millis < 0 ? "-" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  void writeLiveCsv(Path file) throws IOException {
    List<String> rows = new ArrayList<>(List.of(LiveMeasurement.CSV_HEADER));
    live.forEach(m -> rows.add(m.csv()));
    Files.write(file, rows);
  }

  void writeOverloadCsv(Path file) throws IOException {
    if (overload.isEmpty()) {
      return;
    }
    List<String> rows = new ArrayList<>(List.of(OverloadMeasurement.CSV_HEADER));
    overload.forEach(m -> rows.add(m.csv()));
    Files.write(file, rows);
  }

  /** Every garbage and clean replay, as the results CSV's rows. */
  void writeGarbageCsv(Path file) throws IOException {
    if (garbage.isEmpty()) {
      return;
    }
    List<String> rows = new ArrayList<>(List.of(Measurement.CSV_HEADER));
    garbage.forEach(g -> g.runs().forEach(m -> rows.add(m.csv())));
    Files.write(file, rows);
  }

  void writeCsv(Path file) throws IOException {
    List<String> rows = new ArrayList<>(List.of(Measurement.CSV_HEADER));
    lines.forEach(l -> l.bySize().values().forEach(m -> rows.add(m.csv())));
    Files.write(file, rows);
  }

  void writeSummaryCsv(Path file) throws IOException {
    List<String> rows =
        new ArrayList<>(
            List.of(
                "system,query,input,startup_s,marginal_events_per_s,vs_native_flink,native_mode,"
                    + "vs_hand_loop,peak_rss_mb,all_correct"));
    for (Line l : lines) {
      rows.add(
          String.join(
              ",",
              l.system(),
              l.query(),
              l.input(),
              number(l.wall(Bench.STARTUP_EVENTS), "%.2f"),
              number(l.marginalRate(), "%.0f"),
              number(nativeRatio(l), "%.2f"),
              nativeMode(l),
              number(ratio(l, "hand-loop"), "%.2f"),
              String.valueOf(l.peakRssMb()),
              String.valueOf(l.allCorrect())));
    }
    // Live: the marginal column holds the highest rate the system kept up with.
    for (String system : liveSystems()) {
      OptionalDouble own = sustainedRate(system);
      OptionalDouble nativeRate = sustainedRate("native-flink");
      rows.add(
          String.join(
              ",",
              system,
              "auction-stats",
              LIVE,
              "-",
              number(own, "%.0f"),
              number(quotient(own, nativeRate), "%.2f"),
              "streaming",
              "-",
              String.valueOf(
                  live.stream()
                      .filter(m -> m.system().equals(system))
                      .mapToLong(LiveMeasurement::peakRssMb)
                      .max()
                      .orElse(0)),
              String.valueOf(
                  live.stream()
                      .filter(m -> m.system().equals(system))
                      .allMatch(LiveMeasurement::correct))));
    }
    // Drains: the marginal column holds the live capacity.
    OptionalDouble nativeDrain = drainRate("native-flink");
    for (String system : drain.stream().map(DrainMeasurement::system).distinct().toList()) {
      OptionalDouble own = drainRate(system);
      rows.add(
          String.join(
              ",",
              system,
              "auction-stats",
              "kafka-live-drain",
              "-",
              number(own, "%.0f"),
              number(quotient(own, nativeDrain), "%.2f"),
              "streaming",
              "-",
              String.valueOf(
                  drain.stream()
                      .filter(m -> m.system().equals(system))
                      .mapToLong(DrainMeasurement::peakRssMb)
                      .max()
                      .orElse(0)),
              String.valueOf(
                  drain.stream()
                      .filter(m -> m.system().equals(system))
                      .allMatch(DrainMeasurement::correct))));
    }
    Files.write(file, rows);
  }

  /** The summary as a table for the terminal. */
  String table() {
    StringBuilder out = new StringBuilder();
    if (!lines.isEmpty()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-28s %-9s %-16s %9s %10s %10s %14s %8s %-10s %8s %8s%n",
              "system",
              "input",
              "query",
              "start-up",
              "wall@" + shortSize(sizes.get(0)),
              "wall@" + shortSize(sizes.get(1)),
              "marginal ev/s",
              "/native",
              "(mode)",
              "/hand",
              "peak MB"));
    }
    for (Line l : lines) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-28s %-9s %-16s %9s %10s %10s %14s %8s %-10s %8s %8d%s%n",
              l.system(),
              l.input(),
              l.query(),
              number(l.wall(Bench.STARTUP_EVENTS), "%.1f s"),
              wallAt(l, 0),
              wallAt(l, 1),
              number(l.marginalRate(), "%,.0f"),
              number(nativeRatio(l), "%.2f"),
              nativeMode(l),
              number(ratio(l, "hand-loop"), "%.2f"),
              l.peakRssMb(),
              l.allCorrect() ? "" : "  NOT ALL CORRECT"));
    }
    out.append(liveTable());
    out.append(drainTable());
    overload.forEach(m -> out.append(m.table()));
    if (!garbage.isEmpty()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%ngarbage: auction-stats replays, one record in %d"
                  + " bad, against the good records alone (slowdown: garbage time / clean time)%n",
              AbsurdRecords.EVERY));
      garbage.forEach(g -> out.append(g.table()));
    }
    return out.toString();
  }

  /** Wall time at the {@code index}-th measured size (the Direct runner's sizes are a tenth). */
  private static String wallAt(Line l, int index) {
    List<Long> own = l.measuredSizes();
    return own.size() > index
        ? number(l.wall(own.get(index)), "%.1f s") + (l.system().equals("kappa-direct") ? "*" : "")
        : "-";
  }

  static String shortSize(long n) {
    return n >= 1_000_000 ? n / 1_000_000 + "M" : n / 1_000 + "k";
  }

  /** {@code a / b}, if both are present. */
  static OptionalDouble quotient(OptionalDouble a, OptionalDouble b) {
    return a.isPresent() && b.isPresent()
        ? OptionalDouble.of(a.getAsDouble() / b.getAsDouble())
        : OptionalDouble.empty();
  }

  static String number(OptionalDouble value, String format) {
    return value.isPresent() ? String.format(Locale.ROOT, format, value.getAsDouble()) : "-";
  }
}
