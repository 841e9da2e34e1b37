package dev.kappa.bench;

import dev.kappa.bench.BenchSystem.Input;
import dev.kappa.bench.peers.HandLoop;
import dev.kappa.bench.peers.NativeFlink;
import dev.kappa.generator.GeneratorConfig;
import dev.kappa.pipelines.kafka.PayloadEventTime;
import dev.kappa.testing.EventFiles;
import dev.kappa.testing.LocalKafka;
import dev.kappa.testing.PipelineModels;
import dev.kappa.testing.PipelineModels.Model;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code bin/kappa bench}: Kappa on the embedded profiles against a native Flink DataStream job and
 * a single-thread loop, in one run, on the same events and the same machine. Every run's final
 * answers are compared with the pipeline's model; a run that computed something else is reported as
 * wrong and not used for a rate. Steady-state throughput is the marginal rate between two input
 * sizes, {@code (N2 - N1) / (t2 - t1)}, which cancels start-up; start-up is the wall time of a
 * 1,000-event run. Live, {@link LiveRun} feeds a topic at each rate and reads the watermark and the
 * served rows while the systems keep up, or not; {@link DrainRun} starts each system live on a
 * topic that already holds a backlog and times how fast it works through it (live capacity, the
 * marginal rate between two backlogs); {@link OverloadRun} feeds Kappa faster than it keeps up
 * with, then slower, and records the lag curve and memory; {@link GarbageRun} replays a topic with
 * one bad record in twenty against its good records alone.
 *
 * <pre>bin/kappa bench [--quick] [--sizes=N1,N2] [--queries=Q,...] [--systems=NAME,...]
 *                  [--kafka=true|false] [--liveRates=R,...] [--liveSeconds=S]
 *                  [--liveWarmUpSeconds=S] [--liveEarlyFiringSeconds=S] [--drain=N1,N2]
 *                  [--overload=WARM,PEAK,CALM] [--overloadSeconds=W,P,C]
 *                  [--garbage=N] [--backfill=LIVE_RATE,THROTTLE] [--backfillHistory=N]
 *                  [--timeoutSeconds=S] [--repeat=N] [--out=DIR]</pre>
 */
public final class Bench {
  static final long STARTUP_EVENTS = 1_000;

  /** The queries with peers (a native Flink job, a hand loop); Kappa also runs the others. */
  static final List<String> PEER_QUERIES =
      List.of("auction-stats", "hot-auctions", "highest-bid", "bidder-sessions");

  private final Path home;
  private final BenchOptions options;
  private final Path work;
  private final Map<Long, Path> eventFiles = new HashMap<>();
  private final Set<Long> producedTopics = new HashSet<>();
  private final List<Measurement> measurements = new ArrayList<>();
  private final List<LiveMeasurement> liveMeasurements = new ArrayList<>();
  private final List<DrainMeasurement> drainMeasurements = new ArrayList<>();
  private final List<OverloadMeasurement> overloadMeasurements = new ArrayList<>();
  private final List<GarbageRun.Result> garbageResults = new ArrayList<>();
  private final List<BackfillMeasurement> backfillMeasurements = new ArrayList<>();
  private String bootstrapServers = "-";

  private Bench(Path home, BenchOptions options) {
    this.home = home;
    this.options = options;
    this.work = home.resolve("benchmarks/target/work");
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    Path home = Path.of(System.getProperty("kappa.home", ".")).toAbsolutePath().normalize();
    BenchOptions options = BenchOptions.parse(args);
    System.exit(new Bench(home, options).run());
  }

  private int run() throws Exception {
    Files.createDirectories(work);
    Files.createDirectories(options.out());
    List<BenchSystem> systems = options.systems();
    long started = System.nanoTime();
    progress(
        "kappa bench: %s, sizes %s, queries %s, %d systems, %s, results in %s",
        options.quick() ? "quick" : "full",
        options.sizes(),
        options.queries(),
        systems.size(),
        options.repeat() == 1
            ? "one run each"
            : options.repeat() + " runs each, the fastest counts",
        home.relativize(options.out()));
    prepareBundles();
    if (systems.stream().anyMatch(s -> s.input() == Input.KAFKA)
        || !options.liveRates().isEmpty()
        || !options.drainSizes().isEmpty()
        || !options.overload().isEmpty()
        || !options.backfill().isEmpty()
        || !options.garbageSystems().isEmpty()) {
      progress("  starting a Kafka broker (runners-config/local/kafka, free ports)");
      // The tests' broker helper: free ports, data under target/, stopped when this JVM exits.
      bootstrapServers = LocalKafka.bootstrapServers();
    }
    // With --repeat, every system runs once per round, so a machine slowing down for a while
    // slows all of them alike; the fastest run of each counts (Measurement.better).
    for (String query : options.queries()) {
      Model model = model(query);
      Map<Long, Map<String, List<String>>> expected = new HashMap<>();
      for (int round = 1; round <= options.repeat(); round++) {
        for (BenchSystem system : systems) {
          if (!system.runs(query)) {
            continue;
          }
          for (long events : sizesFor(system)) {
            Map<String, List<String>> answers =
                expected.computeIfAbsent(events, n -> model.expected().apply(eventFile(n)));
            measure(system, query, events, model, answers);
          }
        }
      }
    }
    for (long rate : options.liveRates()) {
      measureLive(rate);
    }
    if (!options.drainSizes().isEmpty()) {
      measureDrains();
    }
    if (!options.overload().isEmpty()) {
      measureOverload(options.overload());
    }
    if (!options.backfill().isEmpty()) {
      measureBackfill(options.backfill().get(0), options.backfill().get(1));
    }
    if (!options.garbageSystems().isEmpty()) {
      garbageResults.addAll(
          new GarbageRun(home, work, bootstrapServers, options.timeoutSeconds())
              .run(options.garbageRecords(), options.garbageSystems()));
    }
    Report report =
        new Report(
            measurements,
            liveMeasurements,
            drainMeasurements,
            overloadMeasurements,
            garbageResults,
            options.sizes());
    report.writeCsv(options.out().resolve("bench.csv"));
    report.writeLiveCsv(options.out().resolve("live.csv"));
    report.writeDrainCsv(options.out().resolve("drain.csv"));
    report.writeSummaryCsv(options.out().resolve("summary.csv"));
    report.writeOverloadCsv(options.out().resolve("overload.csv"));
    report.writeGarbageCsv(options.out().resolve("garbage.csv"));
    writeBackfillCsv(options.out().resolve("backfill.csv"));
    if (!report.lines().isEmpty()) {
      ThroughputChart.write(report, options.out().resolve("throughput.png"));
    }
    System.out.println();
    System.out.print(report.table());
    progress(
        "kappa bench: done in %.0f s; %s",
        (System.nanoTime() - started) / 1e9, home.relativize(options.out()));
    return measurements.stream().allMatch(Measurement::correct)
            && liveMeasurements.stream().allMatch(LiveMeasurement::correct)
            && drainMeasurements.stream().allMatch(DrainMeasurement::correct)
            && overloadMeasurements.stream().allMatch(OverloadMeasurement::correct)
            && garbageResults.stream().allMatch(GarbageRun.Result::correct)
            && backfillMeasurements.stream().allMatch(BackfillMeasurement::correct)
        ? 0
        : 1;
  }

  /**
   * The 1,000-event start-up run, then the two sizes (a tenth of them on the DirectRunner). {@code
   * --quick} leaves the start-up run out: it checks answers, not speed, and must stay within 3
   * minutes.
   */
  private List<Long> sizesFor(BenchSystem system) {
    List<Long> sizes = new ArrayList<>();
    if (!options.quick()) {
      sizes.add(STARTUP_EVENTS);
    }
    for (long size : options.sizes()) {
      sizes.add(system.scaledDown() ? size / 10 : size);
    }
    return sizes;
  }

  private void measure(
      BenchSystem system,
      String query,
      long events,
      Model model,
      Map<String, List<String>> expected)
      throws IOException, InterruptedException {
    String source =
        switch (system.input()) {
          case KAFKA -> "kafka:" + topic(events);
          case FILE -> "file:" + eventFile(events);
          case GENERATOR -> "generator:" + events;
        };
    String run =
        String.join("-", system.name(), system.input().label(), query, String.valueOf(events));
    Path out = work.resolve("out").resolve(run);
    Measurement m =
        timeAndCheck(
            system,
            query,
            events,
            run,
            system.command(
                home, System.getProperty("java.class.path"), query, source, bootstrapServers, out),
            out,
            model,
            expected);
    progress(
        "  %-26s %-16s %,10d events %7.1f s %,11.0f events/s %,6d MB  %s%s",
        system.label(),
        query,
        events,
        m.wallSeconds(),
        events / m.wallSeconds(),
        m.peakRssMb(),
        m.outcome(),
        logHint(m, run));
  }

  /**
   * Runs {@code command} (which writes its answers to {@code out}), timed, and records it: its
   * outcome is "correct" only if it exited 0 with the model's answers and, for Kappa, its {@code
   * --summary=json} says it read every event and sent none to dead letters.
   */
  private Measurement timeAndCheck(
      BenchSystem system,
      String query,
      long events,
      String run,
      List<String> command,
      Path out,
      Model model,
      Map<String, List<String>> expected)
      throws IOException, InterruptedException {
    deleteRecursively(out);
    Path log = logOf(run);
    Files.createDirectories(log.getParent());
    TimedProcess process = TimedProcess.run(command, log, options.timeoutSeconds(), false);
    String outcome =
        process.timedOut()
            ? "timeout"
            : process.exitCode() != 0
                ? "failed(exit " + process.exitCode() + ")"
                : check(model, expected, out);
    if (system.kappa() && outcome.equals("correct")) {
      outcome =
          RunCounters.fromLog(log)
              .map(counters -> counters.outcome(events))
              .orElse("wrong(no run summary in the log)");
    }
    Measurement m =
        new Measurement(
            system.name(),
            query,
            system.input().label(),
            events,
            process.wallSeconds(),
            process.peakRssKb() / 1024,
            outcome,
            Runtime.getRuntime().availableProcessors(),
            LocalDate.now().toString());
    measurements.add(m);
    return m;
  }

  private Path logOf(String run) {
    return work.resolve("logs").resolve(run + ".log");
  }

  private String logHint(Measurement m, String run) {
    return m.correct() ? "" : "  (log: " + home.relativize(logOf(run)) + ")";
  }

  /**
   * A live {@code auction-stats} at {@code rate} events per wall-clock second on a topic, on {@code
   * flink-local} and as a native Flink streaming job ({@link LiveRun}).
   */
  private void measureLive(long rate) throws Exception {
    LiveRun live =
        new LiveRun(
            home,
            work,
            System.getProperty("java.class.path"),
            bootstrapServers,
            model("auction-stats"),
            options.liveWarmUpSeconds(),
            options.liveEarlyFiringSeconds());
    for (String system : List.of("kappa-flink-local", "native-flink")) {
      LiveMeasurement m = live.run(system, rate, options.liveSeconds());
      liveMeasurements.add(m);
      progress(
          "  %-26s %,8d events/s for %d s: watermark lag p50 %s, max %s; append to served"
              + " p50 %s, p99 %s; %,d MB  %s%s",
          system + " (live)",
          rate,
          options.liveSeconds(),
          Report.seconds(m.lagP50Ms()),
          Report.seconds(m.lagMaxMs()),
          Report.seconds(m.latencyP50Ms()),
          Report.seconds(m.latencyP99Ms()),
          m.peakRssMb(),
          m.keepsUp() ? "keeps up" : m.correct() ? "behind" : m.outcome(),
          m.correct()
              ? ""
              : "  (log: "
                  + home.relativize(work.resolve("logs").resolve(system + "-live-" + rate + ".log"))
                  + ")");
    }
  }

  /** Live runs of auction-stats with the early firings the drains and overload runs use. */
  private LiveRun auctionStatsLive() throws Exception {
    return new LiveRun(
        home,
        work,
        System.getProperty("java.class.path"),
        bootstrapServers,
        model("auction-stats"),
        0,
        OverloadRun.EARLY_FIRING_SECONDS);
  }

  /**
   * Each system of {@link DrainRun#SYSTEMS} live on a topic holding each of the two backlogs
   * ({@code --drain}), the smaller first; the same 4-partition topics the replays read.
   */
  private void measureDrains() throws Exception {
    LiveRun live = auctionStatsLive();
    DrainRun drain = new DrainRun(live, work);
    for (long events : options.drainSizes()) {
      Path file = eventFile(events);
      String topic = topic(events);
      long newest = newestEventTime(file);
      for (String system : DrainRun.SYSTEMS) {
        DrainMeasurement m = drain.run(system, topic, file, events, newest);
        drainMeasurements.add(m);
        progress(
            "  %-26s %,10d events behind: watermark past the newest after %s; %,d MB  %s%s",
            system + " (drain)",
            events,
            Report.seconds(m.drainMs()),
            m.peakRssMb(),
            m.outcome(),
            m.correct()
                ? ""
                : "  (log: "
                    + home.relativize(
                        work.resolve("logs").resolve(system + "-drain-" + events + ".log"))
                    + ")");
      }
    }
  }

  /**
   * The live version's lag during a backfill, free and throttled ({@link BackfillRun}), over a
   * history of {@code --backfillHistory} events.
   */
  private void measureBackfill(long liveRate, long throttle) throws Exception {
    long events = options.backfillHistory();
    Path history = eventFile(events);
    BackfillMeasurement m =
        new BackfillRun(auctionStatsLive(), work, bootstrapServers)
            .run(
                liveRate,
                throttle,
                topic ->
                    kappa(
                        work.resolve("logs/produce-backfill-" + events + ".log"),
                        "produce",
                        "--topic=" + topic,
                        "--from=file:" + history,
                        "--bootstrapServers=" + bootstrapServers));
    backfillMeasurements.add(m);
    progress(
        "  %-26s live at %,d/s, lag p50/max: alone %s/%s; beside a free backfill of %,d records"
            + " (%,d/s) %s/%s; beside one held to %,d/s (%,d/s) %s/%s  %s",
        "kappa-flink-local (backfill)",
        liveRate,
        Report.seconds(m.quiet().p50Ms()),
        Report.seconds(m.quiet().maxMs()),
        m.historyRecords(),
        m.free().backfillRecordsPerSecond(),
        Report.seconds(m.free().live().p50Ms()),
        Report.seconds(m.free().live().maxMs()),
        throttle,
        m.throttled().backfillRecordsPerSecond(),
        Report.seconds(m.throttled().live().p50Ms()),
        Report.seconds(m.throttled().live().maxMs()),
        m.outcome());
  }

  private void writeBackfillCsv(Path file) throws IOException {
    if (backfillMeasurements.isEmpty()) {
      return;
    }
    List<String> rows = new ArrayList<>(List.of(BackfillMeasurement.CSV_HEADER));
    backfillMeasurements.forEach(m -> rows.add(m.csv()));
    Files.write(file, rows);
  }

  /** The newest event time in a file of wire-format events. */
  private static long newestEventTime(Path file) throws IOException {
    try (Stream<String> lines = Files.lines(file)) {
      return lines
          .map(line -> PayloadEventTime.dateTime(line.getBytes(StandardCharsets.UTF_8)))
          .filter(Objects::nonNull)
          .mapToLong(Long::longValue)
          .max()
          .orElseThrow();
    }
  }

  /**
   * Kappa overloaded on {@code flink-local}: warm, peak and calm phases ({@link OverloadRun}), with
   * the heap as shipped and, if {@code --overloadHeap} gives one, capped at that: the excess waits
   * in the log, so a small heap must do as well.
   */
  private void measureOverload(List<LiveEvents.Phase> phases) throws Exception {
    LiveRun live = auctionStatsLive();
    for (String heap :
        options.overloadHeap().isEmpty() ? List.of("") : List.of("", options.overloadHeap())) {
      OverloadMeasurement m =
          new OverloadRun(live, work, options.out(), bootstrapServers)
              .run(phases.get(0), phases.get(1), phases.get(2), heap);
      overloadMeasurements.add(m);
      progress(
          "  %-26s heap %s, %,d/s for %d s, then %,d/s: lag max %s, %,d records behind,"
              + " caught up %s; resident %,d MB warm, %,d MB after  %s",
          "kappa-flink-local (overload)",
          m.maxHeap(),
          m.peak().rate(),
          m.peak().seconds(),
          m.calm().rate(),
          Report.seconds(m.lagMaxMs()),
          m.behindMaxRecords(),
          m.caughtUp() ? "after " + m.caughtUpSeconds() + " s" : "NOT",
          m.residentWarmMb(),
          m.residentAfterMb(),
          m.outcome());
    }
  }

  /** "correct", or "wrong" with how many answers differ from the model's. */
  private static String check(Model model, Map<String, List<String>> expected, Path out) {
    Map<String, List<String>> actual;
    try {
      actual = model.actual().apply(out);
    } catch (RuntimeException | AssertionError e) {
      return "wrong(" + e.getMessage().lines().findFirst().orElse("").replace(',', ';') + ")";
    }
    return compare(expected, actual, "answers");
  }

  /** "correct" if {@code actual} equals {@code expected}, else how many {@code what} differ. */
  static String compare(
      Map<String, List<String>> expected, Map<String, List<String>> actual, String what) {
    if (actual.equals(expected)) {
      return "correct";
    }
    long differing =
        expected.entrySet().stream()
                .filter(e -> !e.getValue().equals(actual.get(e.getKey())))
                .count()
            + actual.keySet().stream().filter(k -> !expected.containsKey(k)).count();
    return "wrong(" + differing + " of " + expected.size() + " " + what + " differ)";
  }

  private Model model(String query) {
    return PipelineModels.all().stream()
        .filter(m -> m.pipeline().equals(query))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no model for " + query));
  }

  /** The generated events (seed 42), written once per size and kept between runs. */
  private Path eventFile(long events) {
    return eventFiles.computeIfAbsent(
        events,
        n -> {
          Path file = home.resolve("benchmarks/target/events/events-" + n + ".jsonl");
          try {
            if (!Files.exists(file)) {
              Files.createDirectories(file.getParent());
              progress("  generating %,d events", n);
              EventFiles.write(file, GeneratorConfig.builder().events(n).build());
            }
          } catch (Exception e) {
            throw new IllegalStateException("cannot write " + file, e);
          }
          return file;
        });
  }

  /** The same events in a 4-partition topic, produced once per size. */
  private String topic(long events) throws IOException, InterruptedException {
    String topic = "bench-" + events;
    if (producedTopics.add(events)) {
      progress("  producing %,d events to %s", events, topic);
      kappa(
          work.resolve("logs/produce-" + events + ".log"),
          "produce",
          "--topic=" + topic,
          "--partitions=4",
          "--from=file:" + eventFile(events),
          "--bootstrapServers=" + bootstrapServers);
    }
    return topic;
  }

  /** Builds the bundles before anything is timed, so no run pays for a build. */
  private void prepareBundles() throws IOException, InterruptedException {
    progress("  building the bundles if they are stale");
    // bin/kappa builds the bundle a command needs before it runs it; 'bundle' only names it.
    kappa(work.resolve("logs/bundle-flink.log"), "bundle");
    kappa(work.resolve("logs/bundle-spark.log"), "bundle", "--env=spark-local");
  }

  private void kappa(Path log, String... args) throws IOException, InterruptedException {
    Files.createDirectories(log.getParent());
    List<String> command = new ArrayList<>(List.of(home.resolve("bin/kappa").toString()));
    command.addAll(Arrays.asList(args));
    TimedProcess p = TimedProcess.run(command, log, 1800, true);
    if (p.exitCode() != 0) {
      throw new IllegalStateException(
          "bin/kappa " + String.join(" ", args) + " failed; see " + log);
    }
  }

  static void progress(String format, Object... args) {
    System.err.println(String.format(Locale.ROOT, format, args));
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p :
          paths
              .sorted((a, b) -> b.getNameCount() - a.getNameCount())
              .collect(Collectors.toList())) {
        Files.delete(p);
      }
    }
  }

  /** The systems a full run compares; {@code --systems} and {@code --kafka} choose among them. */
  static List<BenchSystem> allSystems() {
    return List.of(
        BenchSystem.peer("hand-loop", HandLoop.class, Input.FILE),
        BenchSystem.peer("native-flink", NativeFlink.class, Input.FILE, "BATCH"),
        BenchSystem.peer("native-flink-streaming", NativeFlink.class, Input.FILE, "STREAMING"),
        BenchSystem.kappa("flink-local", Input.FILE),
        BenchSystem.kappaStreaming("flink-local"),
        BenchSystem.kappa("spark-local", Input.FILE),
        BenchSystem.kappa("direct", Input.FILE),
        BenchSystem.kappaDefault(),
        BenchSystem.kappaDefaultStreaming(),
        BenchSystem.peer("hand-loop", HandLoop.class, Input.KAFKA),
        BenchSystem.peer("native-flink", NativeFlink.class, Input.KAFKA, "BATCH"),
        BenchSystem.peer("native-flink-streaming", NativeFlink.class, Input.KAFKA, "STREAMING"),
        BenchSystem.kappa("flink-local", Input.KAFKA),
        BenchSystem.kappa("spark-local", Input.KAFKA));
  }
}
