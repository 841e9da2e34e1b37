package dev.kappa.launcher;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.kafka.KafkaLog;
import dev.kappa.pipelines.KappaPipeline;
import dev.kappa.pipelines.archive.ArchiveManifest;
import dev.kappa.pipelines.archive.ReadArchive;
import dev.kappa.pipelines.io.ConfiguredEdges;
import dev.kappa.pipelines.io.Destination;
import dev.kappa.pipelines.io.ReadRecords;
import dev.kappa.pipelines.io.SourceSpec;
import dev.kappa.pipelines.kafka.PartitionRange;
import dev.kappa.pipelines.kafka.ReadLogSlice;
import dev.kappa.pipelines.options.GeneratorOptions;
import dev.kappa.pipelines.options.KappaOptions;
import dev.kappa.pipelines.serving.ServingViews;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.options.StreamingOptions;
import org.joda.time.Duration;

/**
 * One run, decided once from the command line and its profile: the options, whether it runs live,
 * as a replay or as a batch, which runner and cluster, whether the launcher waits for it, and the
 * names it has (job, consumer group, serving table). Every command ({@code run}, {@code replay},
 * {@code reprocess}, {@code stop}, {@code demo}) reads these from here. Computing a plan does no
 * I/O; {@link #prepare()} checks the services the run needs and fixes a replay's slice of the log.
 */
record LaunchPlan<O extends KappaOptions>(
    KappaPipeline<O> definition,
    List<String> args,
    O options,
    SourceSpec source,
    Mode mode,
    Optional<Cluster> cluster,
    boolean detached) {

  /** How a run reads its source. */
  enum Mode {
    /** An unbounded source: a Kafka topic read live, or the generator paced or streamed. */
    LIVE,
    /** A Kafka topic read as a bounded slice. */
    REPLAY,
    /** A bounded file or generator input. */
    BATCH;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** How often a detached live Flink job checkpoints when its options do not say. */
  static final long DETACHED_CHECKPOINT_MILLIS = 5_000;

  /** Partitions of a results topic Kappa creates ({@code --sink=kafka:TOPIC}). */
  static final int RESULTS_PARTITIONS = 4;

  LaunchPlan {
    args = List.copyOf(args);
  }

  /**
   * The plan of {@code definition} with {@code resolved} (the profile applied), named {@code
   * jobName} on its runner if given (else {@code kappa-PIPELINE-VERSION-MODE}). {@code detached}
   * asks to return as soon as the job runs; a live run on a Flink session cluster always does: it
   * runs there until {@code kappa stop}.
   */
  static <O extends KappaOptions> LaunchPlan<O> of(
      KappaPipeline<O> definition,
      List<String> resolved,
      Optional<String> jobName,
      boolean detached) {
    O options = parse(definition, resolved);
    if (!options.getSummary().equals("text") && !options.getSummary().equals("json")) {
      throw new IllegalArgumentException(
          "--summary must be 'text' or 'json', got '" + options.getSummary() + "'");
    }
    SourceSpec source = SourceSpec.parse(options.getSource());
    Mode mode = mode(source, options);
    Optional<Cluster> cluster = Cluster.of(resolved);
    boolean detach =
        detached || (mode == Mode.LIVE && cluster.filter(Cluster::isFlink).isPresent());
    List<String> args = new ArrayList<>(resolved);
    // Each runner names its own switches: matched by name so that no runner class is imported
    // here, and parsed again because only the runner's options class declares them.
    String runner = options.getRunner().getSimpleName();
    List<String> runnerArgs = new ArrayList<>();
    if (detach && runner.equals("DirectRunner")) {
      runnerArgs.add("--blockOnRun=false");
    }
    if (detach && runner.equals("FlinkRunner")) {
      runnerArgs.add("--attachedMode=false");
      // A detached Flink job reports its progress only through the Kafka offsets it commits, and
      // it commits them when a checkpoint completes: make sure checkpoints run.
      if (mode == Mode.LIVE
          && resolved.stream().noneMatch(arg -> arg.startsWith("--checkpointingInterval="))) {
        runnerArgs.add("--checkpointingInterval=" + DETACHED_CHECKPOINT_MILLIS);
      }
    }
    if (!runnerArgs.isEmpty()) {
      args.addAll(runnerArgs);
      options = parse(definition, args);
    }
    options.setJobName(jobName.orElse(jobName(definition.name(), options.getVersion(), mode)));
    if (source.topic().isPresent() && options.getConsumerGroup().isEmpty()) {
      options.setConsumerGroup(consumerGroup(definition.name(), options.getVersion()));
    }
    return new LaunchPlan<>(definition, args, options, source, mode, cluster, detach);
  }

  private static Mode mode(SourceSpec source, KappaOptions options) {
    switch (source.kind()) {
      case KAFKA:
        return options.getReplay() ? Mode.REPLAY : Mode.LIVE;
      case GENERATOR:
        return options.getRate() > 0 || options.as(StreamingOptions.class).isStreaming()
            ? Mode.LIVE
            : Mode.BATCH;
      default:
        return Mode.BATCH;
    }
  }

  private static <O extends KappaOptions> O parse(KappaPipeline<O> definition, List<String> args) {
    return CommandLineOptions.parse(args, definition.optionsClass());
  }

  /**
   * The name a run has on its runner (the Flink web UI shows it, {@code kappa stop} finds a job by
   * it): {@code kappa-PIPELINE-VERSION-MODE}.
   */
  static String jobName(String pipeline, String version, Mode mode) {
    return "kappa-" + pipeline + "-" + version + "-" + mode.label();
  }

  /**
   * The consumer group of a live run: {@code kappa-PIPELINE-VERSION}, so that a restarted version
   * resumes where it stopped and a new version ({@code kappa reprocess}) starts from nothing.
   */
  static String consumerGroup(String pipeline, String version) {
    return "kappa-" + pipeline + "-" + version;
  }

  String jobName() {
    return options.getJobName();
  }

  String consumerGroup() {
    return options.getConsumerGroup();
  }

  /** The serving table a jdbc: sink writes: {@code PIPELINE_VERSION}. */
  String table() {
    return ServingViews.tableName(definition.name(), options.getVersion());
  }

  String runner() {
    return options.getRunner().getSimpleName();
  }

  Destination results() {
    Destination results =
        Destination.parseSink(options.getSink()).withDatabasePatience(databasePatience());
    if (results.kind() == Destination.Kind.KAFKA && exactlyOnceWrites()) {
      int writers = ReadParallelism.of(args).orElse(1);
      return results.withExactlyOnceWriters(Math.max(1, Math.min(writers, RESULTS_PARTITIONS)));
    }
    return results;
  }

  /**
   * Whether a Kafka results topic is written exactly once: on Flink with checkpoints, whose
   * completed checkpoint is the stable input Beam's transactional sink commits on. Elsewhere (the
   * DirectRunner, Spark, Flink without checkpoints) it is written at least once.
   */
  private boolean exactlyOnceWrites() {
    return runner().equals("FlinkRunner") && Launcher.checkpoints(args);
  }

  Destination deadLetters() {
    return Destination.parseDeadLetters(options.getDeadLetters(), results())
        .withDatabasePatience(databasePatience());
  }

  private java.time.Duration databasePatience() {
    if (options.getServingRetrySeconds() < 0) {
      throw new IllegalArgumentException(
          "--servingRetrySeconds must be >= 0, got " + options.getServingRetrySeconds());
    }
    return java.time.Duration.ofSeconds(options.getServingRetrySeconds());
  }

  /**
   * Checks, before anything is built, that what the run needs answers (the serving databases, the
   * topic; {@link Kappa#plan} has checked the cluster), creates a Kafka dead-letter topic and a
   * compacted results topic, fixes a replay's slice of the log, and returns the run's edges. A
   * missing or unreachable thing is a UsageException naming it.
   */
  ConfiguredEdges prepare() {
    refuseUnsupported();
    Destination results = results();
    Destination deadLetters = deadLetters();
    if (results.kind() == Destination.Kind.JDBC) {
      results.database().requireReachable("--sink");
    }
    if (deadLetters.kind() == Destination.Kind.JDBC
        && !deadLetters.toString().equals(results.toString())) {
      deadLetters.database().requireReachable("--deadLetters");
    }
    if (deadLetters.kind() == Destination.Kind.KAFKA) {
      new KafkaLog(options.getBootstrapServers()).ensureTopic(deadLetters.topic(), 1);
    }
    if (results.kind() == Destination.Kind.KAFKA) {
      new KafkaLog(options.getBootstrapServers())
          .ensureCompactedTopic(results.topic(), RESULTS_PARTITIONS);
    }
    requireWritableFolder(results, "--sink");
    requireWritableFolder(deadLetters, "--deadLetters");
    return new ConfiguredEdges(
        readRecords(),
        results,
        deadLetters,
        new ConfiguredEdges.Identity(definition.name(), options.getVersion(), definition.serving()),
        options.getProgressSeconds(),
        options.getBootstrapServers(),
        recordsPerSecondPerReader());
  }

  /**
   * {@code --maxRecordsPerSecond} split over the readers that read at once: the job's parallel
   * instances, and for a live read no more than the topic's partitions (one reader each).
   */
  private double recordsPerSecondPerReader() {
    double max = options.getMaxRecordsPerSecond();
    if (max == 0) {
      return 0;
    }
    if (max < 0 || source.topic().isEmpty()) {
      throw new UsageException(
          "--maxRecordsPerSecond paces a Kafka read (replay or reprocess) and must be above 0,"
              + " got "
              + max
              + " for --source="
              + options.getSource());
    }
    int readers = ReadParallelism.readers(args);
    if (mode == Mode.LIVE) {
      int partitions =
          new KafkaLog(options.getBootstrapServers())
              .slice(source.topic().get(), KafkaLog.RETAINED, "now")
              .size();
      readers = Math.min(readers, partitions);
    }
    return max / readers;
  }

  /**
   * Makes the folder of a {@code jsonl:} destination that this JVM writes (no cluster) or refuses
   * it: one that cannot be made or written would otherwise fail the job at its first write, after
   * its start-up, with the runner's stack trace. A cluster's workers write on their own machines.
   */
  private void requireWritableFolder(Destination destination, String option) {
    if (destination.kind() != Destination.Kind.JSONL || cluster.isPresent()) {
      return;
    }
    Path folder = Path.of(destination.directory());
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UsageException(
          option
              + " folder "
              + folder
              + " cannot be created ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + ")");
    }
    if (!Files.isWritable(folder)) {
      throw new UsageException(option + " folder " + folder + " cannot be written");
    }
  }

  private ReadRecords readRecords() {
    switch (source.kind()) {
      case FILE:
        return ReadRecords.file(source.location());
      case KAFKA:
        return kafka(source.location());
      default:
        return generator();
    }
  }

  private ReadRecords kafka(String topic) {
    KafkaLog log = new KafkaLog(options.getBootstrapServers());
    if (!options.getArchive().isEmpty()) {
      Path archive = Path.of(options.getArchive()).toAbsolutePath();
      return mode == Mode.REPLAY
          ? archiveThenTopic(log, topic, archive)
          : archiveThenLive(log, topic, archive);
    }
    if (mode == Mode.REPLAY) {
      List<PartitionRange> slice = log.slice(topic, options.getFrom(), options.getTo());
      if (options.getFrom().equals(KafkaLog.EARLIEST)) {
        Optional<String> missing = HistoryCheck.missingHistory(new LogReach(topic, slice));
        if (missing.isPresent()) {
          throw new UsageException(missing.get());
        }
      }
      return ReadRecords.kafkaReplay(topic, ReadLogSlice.of(options.getBootstrapServers(), slice));
    }
    log.requireTopic(topic);
    return ReadRecords.kafkaLive(
        options.getBootstrapServers(),
        topic,
        consumerGroup(),
        Duration.standardSeconds(options.getMaxOutOfOrdernessSeconds()));
  }

  /**
   * A new version's live run over the whole history ({@code kappa reprocess --archive}): the
   * offsets the topic no longer holds from the archive, then the topic live from its first retained
   * offset. Refused for a consumer group that has read before: a version that resumes from its
   * offsets (or from a savepoint) would count the archive's records again.
   */
  private ReadRecords archiveThenLive(KafkaLog log, String topic, Path archive) {
    if (log.hasCommittedOffsets(consumerGroup(), topic)) {
      throw new UsageException(
          "--archive feeds a version's first run (kappa reprocess); consumer group "
              + consumerGroup()
              + " has read "
              + topic
              + " before and resumes from its offsets, so it would count the archive's records"
              + " again");
    }
    List<PartitionRange> retained = log.slice(topic, KafkaLog.EARLIEST, "now");
    ArchiveManifest manifest = manifest(topic, archive);
    split(manifest, archive, retained); // refused if the archive and the topic do not meet
    List<PartitionRange> lost =
        retained.stream()
            .map(p -> new PartitionRange(topic, p.partition(), 0, p.start()))
            .filter(p -> p.size() > 0)
            .toList();
    Duration maxOutOfOrderness = Duration.standardSeconds(options.getMaxOutOfOrdernessSeconds());
    if (lost.isEmpty()) {
      return ReadRecords.kafkaLive(
          options.getBootstrapServers(), topic, consumerGroup(), maxOutOfOrderness);
    }
    return ReadRecords.archiveThenLive(
        ReadArchive.of(archive, manifest, lost),
        options.getBootstrapServers(),
        topic,
        consumerGroup(),
        maxOutOfOrderness);
  }

  /**
   * A replay of the whole history: the offsets the topic no longer holds from the archive under
   * {@code archive}, the rest from the topic ({@link ArchiveSplit}); refused, naming them, when
   * some offsets are in neither.
   */
  private ReadRecords archiveThenTopic(KafkaLog log, String topic, Path archive) {
    if (!options.getFrom().equals(KafkaLog.EARLIEST) || !options.getTo().equals("now")) {
      throw new UsageException(
          "--archive replays the whole history, up to now: it takes neither --from nor --to");
    }
    ArchiveManifest manifest = manifest(topic, archive);
    ArchiveSplit split = split(manifest, archive, log.slice(topic, KafkaLog.EARLIEST, "now"));
    ReadLogSlice fromTopic = ReadLogSlice.of(options.getBootstrapServers(), split.fromTopic());
    if (split.recordsFromArchive() == 0) {
      return ReadRecords.kafkaReplay(topic, fromTopic);
    }
    return ReadRecords.archiveThenLog(
        topic, ReadArchive.of(archive, manifest, split.fromArchive()), fromTopic, split.history());
  }

  /**
   * Where each offset of {@code retained} and before comes from; refused if some are in neither.
   */
  private static ArchiveSplit split(
      ArchiveManifest manifest, Path archive, List<PartitionRange> retained) {
    ArchiveSplit split = ArchiveSplit.of(manifest.coverage(), retained);
    split
        .gap(archive.toString())
        .ifPresent(
            gap -> {
              throw new UsageException(gap);
            });
    return split;
  }

  private static ArchiveManifest manifest(String topic, Path archive) {
    ArchiveManifest manifest;
    try {
      manifest = ArchiveManifest.read(archive, topic);
    } catch (IOException e) {
      throw new UsageException(
          "--archive=" + archive + ": cannot read its manifest: " + e.getMessage());
    }
    if (manifest.rounds().isEmpty()) {
      throw new UsageException(
          "--archive="
              + archive
              + " holds no archive of topic '"
              + topic
              + "' ('kappa archive --source=kafka:"
              + topic
              + " --to="
              + archive
              + "' writes one)");
    }
    return manifest;
  }

  private ReadRecords generator() {
    GeneratorConfig config = GeneratorOptions.generatorConfig(options);
    if (mode == Mode.LIVE) {
      return ReadRecords.liveGenerator(config, options.getRate());
    }
    if (config.events() == 0) {
      throw new IllegalArgumentException(
          "--events must be > 0 for a batch run (use --rate or --streaming for an endless stream)");
    }
    return ReadRecords.generator(config);
  }

  /**
   * Live runs on Spark: Beam's Spark runner in streaming mode did not finish when the generator's
   * stream ended and fired one pane per window, without early or late panes (seen here with Beam
   * 2.70.0 and Spark 3.5), so Kappa refuses rather than give wrong or unending results.
   */
  private void refuseUnsupported() {
    if (runner().contains("Spark") && mode == Mode.LIVE) {
      throw new UsageException(
          "the Spark runner cannot run live (unbounded) sources: its streaming mode lacks the"
              + " early and late trigger firings Kappa's results need and does not finish when a"
              + " stream ends; run live on --env=direct or --env=flink-local, and replay on Spark"
              + " as a batch job");
    }
  }
}
