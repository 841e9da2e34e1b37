package dev.kappa.bench;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.kafka.KafkaLog;
import dev.kappa.testing.AbsurdRecords;
import dev.kappa.testing.EventFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Bad input at volume: Kappa replays a topic of which one record in twenty is bad in every way the
 * decoder knows and some it may not ({@link AbsurdRecords}: 10 MB records, JSON nested 5,000 deep,
 * bytes that are not UTF-8, ...), and a topic of the same good records alone, at two sizes. A
 * garbage replay is correct only if its counters balance, every bad record is one dead letter with
 * its reason and offset, and its results are the model's over the good records; a clean one if its
 * results are the model's and nothing went to dead letters. The slowdown is the garbage topic's
 * time over the clean one's for the same good records, in wall time at the larger size and in the
 * marginal time between the sizes (which cancels start-up); each replay runs twice and the faster
 * run counts.
 */
final class GarbageRun {
  static final String CLEAN = "kafka-clean";
  static final String GARBAGE = "kafka-garbage";

  /** A topic of bad and good records and its good records alone, both replayed. */
  record Pair(Measurement clean, Measurement garbage) {
    boolean correct() {
      return clean.correct() && garbage.correct();
    }
  }

  /** One system's replays at the smaller and the larger size. */
  record Result(String system, Pair small, Pair large) {
    boolean correct() {
      return small.correct() && large.correct();
    }

    List<Measurement> runs() {
      return List.of(small.clean(), small.garbage(), large.clean(), large.garbage());
    }

    /** The garbage topic's wall time over the clean one's at the larger size. */
    OptionalDouble wallSlowdown() {
      return correct()
          ? OptionalDouble.of(large.garbage().wallSeconds() / large.clean().wallSeconds())
          : OptionalDouble.empty();
    }

    /** The same over the time each took for the records between the two sizes. */
    OptionalDouble marginalSlowdown() {
      double garbage = large.garbage().wallSeconds() - small.garbage().wallSeconds();
      double clean = large.clean().wallSeconds() - small.clean().wallSeconds();
      return correct() && clean > 0 ? OptionalDouble.of(garbage / clean) : OptionalDouble.empty();
    }

    String table() {
      return String.format(
          Locale.ROOT,
          "  %-18s clean %s / %s, garbage %s / %s (%,d / %,d records); slowdown %s at %s,"
              + " %s marginal; peak %,d MB clean, %,d MB garbage%s%n",
          system,
          wall(small.clean()),
          wall(large.clean()),
          wall(small.garbage()),
          wall(large.garbage()),
          small.garbage().events(),
          large.garbage().events(),
          Report.number(wallSlowdown(), "%.2fx"),
          Report.shortSize(large.garbage().events()),
          Report.number(marginalSlowdown(), "%.2fx"),
          Math.max(small.clean().peakRssMb(), large.clean().peakRssMb()),
          Math.max(small.garbage().peakRssMb(), large.garbage().peakRssMb()),
          correct() ? "" : "  NOT ALL CORRECT");
    }

    private static String wall(Measurement m) {
      return m.correct() ? String.format(Locale.ROOT, "%.1f s", m.wallSeconds()) : "-";
    }
  }

  private final Path home;
  private final Path work;
  private final String bootstrapServers;
  private final long timeoutSeconds;

  GarbageRun(Path home, Path work, String bootstrapServers, long timeoutSeconds) {
    this.home = home;
    this.work = work;
    this.bootstrapServers = bootstrapServers;
    this.timeoutSeconds = timeoutSeconds;
  }

  /** The topics of {@code records} and a twentieth of them, replayed by each of {@code systems}. */
  List<Result> run(long records, List<BenchSystem> systems) throws Exception {
    long small = records / 20;
    List<Topics> topics = List.of(topics(small), topics(records));
    List<Result> results = new ArrayList<>();
    for (BenchSystem system : systems) {
      List<Pair> pairs = new ArrayList<>();
      for (Topics t : topics) {
        // Each replay twice, alternating, and the faster of the two counts: on these noisy
        // machines one replay of each gave marginal slowdowns from 0.6x to 2.5x for the same code.
        Measurement clean = replay(system, t, false);
        Measurement garbage = replay(system, t, true);
        pairs.add(
            new Pair(
                faster(clean, replay(system, t, false)), faster(garbage, replay(system, t, true))));
      }
      results.add(new Result(system.name(), pairs.get(0), pairs.get(1)));
    }
    return results;
  }

  /** The good events of one size and the two topics made of them. */
  private record Topics(long records, int bad, Path goodFile, String clean, String garbage) {}

  private Topics topics(long records) throws IOException {
    long good = records - records / AbsurdRecords.EVERY;
    Path goodFile = work.resolve("garbage").resolve("good-" + good + ".jsonl");
    Files.createDirectories(goodFile.getParent());
    Bench.progress(
        "  producing %,d records, one in %d bad, and their %,d good ones alone",
        records, AbsurdRecords.EVERY, good);
    // Seed 13, as the absurd-input tests: events of their own, not the speed runs' files.
    EventFiles.write(goodFile, GeneratorConfig.builder().events(good).seed(13).build());
    List<String> lines = Files.readAllLines(goodFile);
    String stamp = String.valueOf(System.currentTimeMillis());
    String clean = "clean-" + records + "-" + stamp;
    String garbage = "garbage-" + records + "-" + stamp;
    KafkaLog log = new KafkaLog(bootstrapServers);
    log.ensureTopic(clean, AbsurdRecords.PARTITIONS);
    log.ensureTopic(garbage, AbsurdRecords.PARTITIONS);
    AbsurdRecords.produce(bootstrapServers, clean, lines, false);
    int bad = AbsurdRecords.produce(bootstrapServers, garbage, lines, true);
    return new Topics(good + bad, bad, goodFile, clean, garbage);
  }

  private Measurement replay(BenchSystem system, Topics topics, boolean withGarbage)
      throws IOException, InterruptedException {
    String input = withGarbage ? GARBAGE : CLEAN;
    String topic = withGarbage ? topics.garbage() : topics.clean();
    long records = withGarbage ? topics.records() : topics.records() - topics.bad();
    String name = String.join("-", system.name(), input, String.valueOf(topics.records()));
    Path out = work.resolve("out").resolve(name);
    Bench.deleteRecursively(out);
    Path log = work.resolve("logs").resolve(name + ".log");
    TimedProcess process =
        TimedProcess.run(
            system.command(home, "", "auction-stats", "kafka:" + topic, bootstrapServers, out),
            log,
            timeoutSeconds,
            false);
    String outcome =
        process.timedOut()
            ? "timeout"
            : process.exitCode() != 0 ? "failed(exit " + process.exitCode() + ")" : "correct";
    if (outcome.equals("correct")) {
      Optional<String> summary = RunCounters.summaryLine(log);
      outcome =
          summary.isEmpty()
              ? "wrong(no run summary in the log)"
              : problems(
                  summary.get(),
                  out,
                  topic,
                  records,
                  withGarbage ? topics.bad() : 0,
                  topics.goodFile());
    }
    Measurement m =
        new Measurement(
            system.name(),
            "auction-stats",
            input,
            records,
            process.wallSeconds(),
            process.peakRssKb() / 1024,
            outcome,
            Runtime.getRuntime().availableProcessors(),
            LocalDate.now().toString());
    Bench.progress(
        "  %-26s %-16s %,10d records %7.1f s %,11.0f records/s %,6d MB  %s%s",
        system.label(),
        input,
        records,
        m.wallSeconds(),
        records / m.wallSeconds(),
        m.peakRssMb(),
        m.outcome(),
        m.correct() ? "" : "  (log: " + home.relativize(log) + ")");
    return m;
  }

  /** The faster of two runs if both were correct, else the one that was not. */
  private static Measurement faster(Measurement a, Measurement b) {
    if (!a.correct() || !b.correct()) {
      return a.correct() ? b : a;
    }
    return a.wallSeconds() <= b.wallSeconds() ? a : b;
  }

  private static String problems(
      String summary, Path out, String topic, long records, long bad, Path goodFile)
      throws IOException {
    List<String> problems =
        AbsurdRecords.replayProblems(summary, out, topic, records, bad, goodFile);
    return problems.isEmpty()
        ? "correct"
        : "wrong(" + String.join("; ", problems).replace(',', ';') + ")";
  }
}
