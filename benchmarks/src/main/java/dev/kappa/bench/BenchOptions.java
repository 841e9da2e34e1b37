package dev.kappa.bench;

import dev.kappa.pipelines.options.CommaList;
import dev.kappa.testing.PipelineModels;
import dev.kappa.testing.PipelineModels.Model;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** What one {@code kappa bench} run measures; {@code --quick} is the CI-sized run. */
record BenchOptions(
    boolean quick,
    List<Long> sizes,
    List<String> queries,
    List<BenchSystem> systems,
    List<Long> liveRates,
    long liveSeconds,
    long liveWarmUpSeconds,
    long liveEarlyFiringSeconds,
    List<Long> drainSizes,
    long timeoutSeconds,
    int repeat,
    List<LiveEvents.Phase> overload,
    String overloadHeap,
    long garbageRecords,
    List<Long> backfill,
    long backfillHistory,
    Path out) {

  static BenchOptions parse(String[] args) {
    boolean quick = Arrays.asList(args).contains("--quick");
    String sizes = quick ? "20000,60000" : "1000000,3000000";
    String queries = quick ? "auction-stats" : String.join(",", Bench.PEER_QUERIES);
    String systems = "";
    boolean kafka = !quick;
    long timeout = quick ? 120 : 900;
    int repeat = 1;
    String liveRates = quick ? "20000" : "2000,20000,50000";
    long liveSeconds = quick ? 5 : 20;
    long liveWarmUpSeconds = quick ? 3 : 30;
    long liveEarlyFiringSeconds = 1;
    String drain = quick ? "20000,60000" : "2000000,6000000";
    String overloadRates = quick ? "" : "10000,100000,10000";
    String overloadSeconds = "30,20,60";
    String overloadHeap = "1g";
    long garbage = quick ? 0 : 1_000_000;
    String backfill = quick ? "" : "5000,20000";
    long backfillHistory = 3_000_000;
    String out = quick ? "benchmarks/target/quick" : "benchmarks/results";
    for (String arg : args) {
      if (arg.equals("--quick")) {
        continue;
      }
      String[] kv = arg.split("=", 2);
      if (kv.length != 2 || !kv[0].startsWith("--")) {
        throw new IllegalArgumentException("kappa bench: unexpected argument '" + arg + "'");
      }
      switch (kv[0]) {
        case "--sizes" -> sizes = kv[1];
        case "--queries" -> queries = kv[1];
        case "--systems" -> systems = kv[1];
        case "--kafka" -> kafka = Boolean.parseBoolean(kv[1]);
        case "--timeoutSeconds" -> timeout = Long.parseLong(kv[1]);
        case "--repeat" -> repeat = Integer.parseInt(kv[1]);
        case "--liveRates" -> liveRates = kv[1];
        case "--liveSeconds" -> liveSeconds = Long.parseLong(kv[1]);
        case "--liveWarmUpSeconds" -> liveWarmUpSeconds = Long.parseLong(kv[1]);
        case "--liveEarlyFiringSeconds" -> liveEarlyFiringSeconds = Long.parseLong(kv[1]);
        case "--drain" -> drain = kv[1];
        case "--overload" -> overloadRates = kv[1];
        case "--overloadSeconds" -> overloadSeconds = kv[1];
        case "--overloadHeap" -> overloadHeap = kv[1];
        case "--garbage" -> garbage = kv[1].isEmpty() ? 0 : Long.parseLong(kv[1]);
        case "--backfill" -> backfill = kv[1];
        case "--backfillHistory" -> backfillHistory = Long.parseLong(kv[1]);
        case "--out" -> out = kv[1];
        default ->
            throw new IllegalArgumentException(
                "kappa bench: unknown option "
                    + kv[0]
                    + " (--quick, --sizes, --queries, --systems,"
                    + " --kafka, --liveRates, --liveSeconds, --liveWarmUpSeconds, --liveEarlyFiringSeconds,"
                    + " --drain, --overload,"
                    + " --overloadSeconds, --overloadHeap, --garbage, --backfill, --backfillHistory,"
                    + " --timeoutSeconds, --repeat,"
                    + " --out)");
      }
    }
    List<Long> sizeList =
        CommaList.of(sizes).stream().map(Long::parseLong).collect(Collectors.toList());
    if (sizeList.size() != 2 || sizeList.get(0) >= sizeList.get(1)) {
      throw new IllegalArgumentException(
          "kappa bench: --sizes takes two sizes, smaller first (the marginal rate is between"
              + " them), got "
              + sizes);
    }
    if (repeat < 1) {
      throw new IllegalArgumentException("kappa bench: --repeat must be at least 1, got " + repeat);
    }
    List<String> queryList = CommaList.of(queries);
    List<String> pipelines = PipelineModels.all().stream().map(Model::pipeline).toList();
    queryList.stream()
        .filter(q -> !pipelines.contains(q))
        .findFirst()
        .ifPresent(
            q -> {
              throw new IllegalArgumentException(
                  "kappa bench: unknown query '"
                      + q
                      + "' (pipelines: "
                      + pipelines
                      + "; peers for "
                      + Bench.PEER_QUERIES
                      + ")");
            });
    List<String> wanted = CommaList.of(systems);
    boolean withKafka = kafka;
    List<BenchSystem> chosen =
        Bench.allSystems().stream()
            .filter(s -> withKafka || s.input() != BenchSystem.Input.KAFKA)
            .filter(s -> wanted.isEmpty() || wanted.contains(s.name()))
            .collect(Collectors.toList());
    Path home = Path.of(System.getProperty("kappa.home", "."));
    List<Long> rates =
        CommaList.of(liveRates).stream().map(Long::parseLong).collect(Collectors.toList());
    List<Long> drainSizes = CommaList.of(drain).stream().map(Long::parseLong).toList();
    if (!drainSizes.isEmpty()
        && (drainSizes.size() != 2 || drainSizes.get(0) >= drainSizes.get(1))) {
      throw new IllegalArgumentException(
          "kappa bench: --drain takes two sizes, smaller first, or none, got " + drain);
    }
    List<Long> backfillList = CommaList.of(backfill).stream().map(Long::parseLong).toList();
    if (!backfillList.isEmpty() && backfillList.size() != 2) {
      throw new IllegalArgumentException(
          "kappa bench: --backfill takes the live rate and the backfill's throttle (events/s),"
              + " or nothing, got "
              + backfill);
    }
    return new BenchOptions(
        quick,
        sizeList,
        queryList,
        chosen,
        rates,
        liveSeconds,
        liveWarmUpSeconds,
        liveEarlyFiringSeconds,
        drainSizes,
        timeout,
        repeat,
        overloadPhases(overloadRates, overloadSeconds),
        overloadHeap,
        garbage,
        backfillList,
        backfillHistory,
        home.resolve(out).toAbsolutePath().normalize());
  }

  /** The Kappa systems that replay a topic: they replay the garbage topic too. */
  List<BenchSystem> garbageSystems() {
    return garbageRecords == 0
        ? List.of()
        : systems.stream().filter(s -> s.kappa() && s.input() == BenchSystem.Input.KAFKA).toList();
  }

  /** The warm, peak and calm phases, or none ({@code --overload=} empty). */
  private static List<LiveEvents.Phase> overloadPhases(String rates, String seconds) {
    List<Long> r = CommaList.of(rates).stream().map(Long::parseLong).toList();
    List<Long> s = CommaList.of(seconds).stream().map(Long::parseLong).toList();
    if (r.isEmpty()) {
      return List.of();
    }
    if (r.size() != 3 || s.size() != 3 || r.get(1) <= r.get(0) || r.get(1) <= r.get(2)) {
      throw new IllegalArgumentException(
          "kappa bench: --overload takes three rates (warm, peak,"
              + " calm; the peak the highest) and --overloadSeconds their three lengths, got "
              + rates
              + " and "
              + seconds);
    }
    return List.of(
        new LiveEvents.Phase(r.get(0), s.get(0)),
        new LiveEvents.Phase(r.get(1), s.get(1)),
        new LiveEvents.Phase(r.get(2), s.get(2)));
  }
}
