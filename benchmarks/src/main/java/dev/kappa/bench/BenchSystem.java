package dev.kappa.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A system the benchmark runs: Kappa through {@code bin/kappa} on one profile, or a peer (the
 * native Flink job, the hand-written loop) in its own JVM; over a file or the Kafka topic. {@code
 * args} are added to its command line (a runtime mode, {@code --streaming=true}).
 */
record BenchSystem(
    String name, Input input, String mainClassOrProfile, boolean kappa, List<String> args) {
  enum Input {
    FILE,
    KAFKA,
    /** Kappa's own generator, the default source: the same events as the files. */
    GENERATOR;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static BenchSystem kappa(String profile, Input input) {
    return new BenchSystem("kappa-" + profile, input, profile, true, List.of());
  }

  /**
   * {@code bin/kappa run QUERY --env=PROFILE --streaming=true} over a file: the live (streaming)
   * path of the runner on a bounded input, so the engine is measured without Kafka; for {@code
   * auction-stats}, the query the live scenarios run (see {@link #runs}).
   */
  static BenchSystem kappaStreaming(String profile) {
    return new BenchSystem(
        "kappa-" + profile + "-streaming", Input.FILE, profile, true, List.of("--streaming=true"));
  }

  /** {@code bin/kappa run QUERY --events=N}: the default profile and source, as a user starts. */
  static BenchSystem kappaDefault() {
    return new BenchSystem("kappa-default", Input.GENERATOR, "", true, List.of());
  }

  /**
   * {@code bin/kappa run auction-stats --events=N --streaming=true}: the generator as a live stream
   * on the default profile, the engine's live path without Kafka, with the watermark following
   * event time.
   */
  static BenchSystem kappaDefaultStreaming() {
    return new BenchSystem(
        "kappa-default-streaming", Input.GENERATOR, "", true, List.of("--streaming=true"));
  }

  static BenchSystem peer(String name, Class<?> main, Input input, String... args) {
    return new BenchSystem(name, input, main.getName(), false, List.of(args));
  }

  /** The Direct runner is slow on many keys: it runs a tenth of the events of the others. */
  boolean scaledDown() {
    return mainClassOrProfile.equals("direct");
  }

  /**
   * Peers exist for the benchmarked queries; Kappa runs every pipeline, its streaming runs (over a
   * file, or the generator) only {@code auction-stats}, the query of the live scenarios (a file
   * read in streaming mode holds every window until the input ends, and the sliding and session
   * queries' then take minutes).
   */
  boolean runs(String query) {
    if (kappa && args.contains("--streaming=true")) {
      return query.equals("auction-stats");
    }
    return kappa || Bench.PEER_QUERIES.contains(query);
  }

  /** The command that runs {@code query} over {@code source} and writes answers to {@code out}. */
  List<String> command(
      Path home, String classpath, String query, String source, String bootstrapServers, Path out) {
    List<String> command = new ArrayList<>();
    if (input == Input.GENERATOR) {
      command.addAll(
          List.of(
              home.resolve("bin/kappa").toString(),
              "run",
              query,
              "--events=" + source.substring("generator:".length()),
              "--sink=jsonl:" + out,
              "--progressSeconds=0",
              "--summary=json"));
      command.addAll(args);
      return command;
    }
    if (kappa) {
      command.add(home.resolve("bin/kappa").toString());
      command.add(input == Input.KAFKA ? "replay" : "run");
      command.add(query);
      command.add("--env=" + mainClassOrProfile);
      command.add("--source=" + source);
      if (input == Input.KAFKA) {
        command.add("--bootstrapServers=" + bootstrapServers);
      }
      command.add("--sink=jsonl:" + out);
      command.add("--progressSeconds=0");
      command.add("--summary=json");
      command.addAll(args);
      return command;
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dkappa.log.level=WARN");
    command.add("-cp");
    command.add(classpath);
    command.add(mainClassOrProfile);
    command.add(query);
    command.add(source);
    command.add(bootstrapServers);
    command.add(out.toString());
    command.addAll(args);
    return command;
  }

  String label() {
    return name + " (" + input.label() + ")";
  }
}
