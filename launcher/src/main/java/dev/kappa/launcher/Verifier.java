package dev.kappa.launcher;

import dev.kappa.launcher.kafka.KafkaLog;
import dev.kappa.launcher.serving.ServedRow;
import dev.kappa.launcher.serving.ServingReader;
import dev.kappa.launcher.serving.ServingSwitch;
import dev.kappa.metrics.KappaMetrics;
import dev.kappa.pipelines.KappaPipeline;
import dev.kappa.pipelines.kafka.PartitionRange;
import dev.kappa.pipelines.options.WindowedOptions;
import dev.kappa.pipelines.serving.JdbcTarget;
import dev.kappa.pipelines.serving.ServingViews;
import dev.kappa.windowing.Triggering;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;

/**
 * Gathers what {@code kappa verify} and {@code kappa reprocess --verify} decide by: replays the
 * topic a live version reads, from its earliest offset to the log end now, with the same pipeline
 * options, into a scratch table ({@code PIPELINE_verifyXXXX}, dropped afterwards with its dead
 * letters), waits (up to {@code readWait}) until the live version has read every record the replay
 * read ({@link LiveReach}), so that the records too late among them are in its dead letters, then
 * reads its rows and dead letters and hands it all to {@link Reconciliation}.
 */
final class Verifier {
  /** How long verify waits at most by default for a live version to read what the replay read. */
  static final Duration DEFAULT_READ_WAIT = Duration.ofSeconds(60);

  /**
   * A live version whose positions have not moved for this long has stopped reading or committing
   * (it is stopped, or idle): longer than the cluster profile's checkpoint interval (10 s), on
   * whose checkpoints a Flink job reading through KafkaIO's unbounded source commits.
   */
  private static final Duration READ_QUIET = Duration.ofSeconds(15);

  private static final Duration READ_POLL = Duration.ofMillis(500);

  /**
   * How far a live version has read, per partition (the next offset it would read); empty when
   * unknown.
   */
  @FunctionalInterface
  interface LivePositions {
    Map<Integer, Long> of(KafkaLog log, String topic, String group);

    /**
     * What its consumer group has committed: a record below is fully processed (its checkpoint
     * completed), but the committed offsets trail what it has read: Flink through KafkaIO's
     * unbounded source commits on each checkpoint; through the splittable read (the cluster
     * profile) KafkaIO commits once per 5-minute window of event time; the DirectRunner now and
     * then, and not the last records before it goes idle or stops.
     */
    static LivePositions committed() {
      return (log, topic, group) -> log.committedByPartition(group, topic);
    }
  }

  private final Launcher launcher;
  private final PrintStream err;
  private final LivePositions positions;
  private final Duration readWait;

  Verifier(Launcher launcher, PrintStream err, LivePositions positions, Duration readWait) {
    this.launcher = launcher;
    this.err = err;
    this.positions = positions;
    this.readWait = readWait;
  }

  /** What was compared with what, how the replay went, and the outcome. */
  record Report(
      String pipeline,
      String liveTable,
      List<String> keyColumns,
      String topic,
      String runner,
      long recordsReplayed,
      double replaySeconds,
      long allowedLatenessSeconds,
      long liveDeadLetters,
      long replayDeadLetters,
      LiveReach reach,
      Reconciliation.Outcome outcome) {}

  /**
   * Checks version {@code asked} of {@code definition} against a replay run as {@code request} says
   * (the pipeline's options as the live version ran with them, its source and sink, the profile);
   * without {@code asked}, the version readers query.
   */
  Report verify(KappaPipeline<?> definition, LaunchRequest request, Optional<String> asked)
      throws IOException {
    if (!WindowedOptions.class.isAssignableFrom(definition.optionsClass())) {
      throw new UsageException(
          "verify compares results per window; " + definition.name() + " has no windows");
    }
    String scratch = "verify" + Long.toString(System.currentTimeMillis(), 36);
    // The replay writes a version of its own: a later option wins over the live version's
    // --version the request may carry.
    LaunchRequest replayRequest = request.with("--replay=true", "--version=" + scratch);
    LaunchPlan<?> plan = launcher.plan(definition, replayRequest, false);
    String topic =
        plan.source()
            .topic()
            .orElseThrow(
                () -> new UsageException("verify replays a Kafka topic: --source=kafka:TOPIC"));
    if (!JdbcTarget.isJdbc(plan.options().getSink())) {
      throw new UsageException("verify reads the serving database: --sink=jdbc:postgresql://...");
    }
    WindowedOptions windowed = plan.options().as(WindowedOptions.class);
    if (WindowedOptions.triggering(windowed).accumulation()
        != Triggering.Accumulation.ACCUMULATING) {
      throw new UsageException(
          "verify compares whole windows; with --accumulation=discarding a served row holds only"
              + " its last pane's increment");
    }
    JdbcTarget database = JdbcTarget.parse(plan.options().getSink());
    database.requireReachable("--sink");
    ServingReader serving = new ServingReader(database);
    List<String> keys = definition.serving().keyColumns();
    try {
      String liveVersion = asked.isPresent() ? asked.get() : readersVersion(serving, definition);
      String liveTable = ServingViews.tableName(definition.name(), liveVersion);
      if (!serving.tableExists(liveTable)) {
        throw new UsageException(
            "no table " + liveTable + " in " + database + ": has version " + liveVersion + " run?");
      }
      // Windows final when verify starts: every record read later is too late for them.
      OptionalLong watermark =
          Reconciliation.liveWatermark(
              serving
                  .windows(liveTable)
                  .orElseThrow(() -> new UsageException(liveTable + " has no windows")));
      err.printf(
          "kappa: verifying %s against a replay of %s on %s into %s (dropped afterwards)%n",
          liveTable, topic, plan.runner(), plan.table());
      try {
        Replayed replayed = replay(plan);
        List<ServedRow> replay =
            serving.tableExists(plan.table())
                ? serving.servedRows(plan.table(), keys).orElseThrow()
                : List.of();
        // A group given with --consumerGroup is the live version's; the default one is named
        // after the version, and the replay's plan carries the scratch version's.
        String group =
            plan.consumerGroup().equals(LaunchPlan.consumerGroup(definition.name(), scratch))
                ? LaunchPlan.consumerGroup(definition.name(), liveVersion)
                : plan.consumerGroup();
        LiveReach reach =
            awaitLiveReach(
                new KafkaLog(plan.options().getBootstrapServers()), topic, group, replayed.ends());
        // Read last: panes of records the live version has read may still be on their way to its
        // table (a sink writes in bundles, side by side), as right after a reprocess caught up.
        // Only windows final by the watermark taken at the start are compared, so a record read
        // meanwhile, past the replay's end, is too late for all of them.
        List<ServedRow> live = serving.servedRows(liveTable, keys).orElseThrow();
        return new Report(
            definition.name(),
            liveTable,
            keys,
            topic,
            plan.runner(),
            replayed.records(),
            replayed.seconds(),
            windowed.getAllowedLatenessSeconds(),
            serving.deadLetters(definition.name(), liveVersion),
            serving.deadLetters(definition.name(), scratch),
            reach,
            Reconciliation.of(
                live,
                replay,
                watermark,
                windowed.getAllowedLatenessSeconds() * 1000,
                serving.tooLateRecords(definition.name(), liveVersion),
                reach));
      } finally {
        ServingSwitch.dropUnservedVersion(database, definition.name(), scratch);
      }
    } catch (SQLException e) {
      throw new IOException("serving database " + database + ": " + e.getMessage(), e);
    }
  }

  private static String readersVersion(ServingReader serving, KappaPipeline<?> definition)
      throws SQLException {
    String table =
        serving
            .currentTable(definition.name())
            .orElseThrow(
                () ->
                    new UsageException(
                        "no version of " + definition.name() + " serves yet: give --version=V"));
    return ServingViews.versionOf(definition.name(), table);
  }

  /**
   * The live version's reach once it has read every record the replay read ({@code ends}, per
   * partition), or once its positions have not moved for {@link #READ_QUIET}, or {@link #readWait}
   * is over, or at once when its positions are unknown.
   */
  private LiveReach awaitLiveReach(
      KafkaLog log, String topic, String group, Map<Integer, Long> ends) {
    LiveReach reach = new LiveReach(ends, positions.of(log, topic, group));
    if (!reach.known() || reach.readAllReplayed() || readWait.isZero()) {
      return reach;
    }
    err.printf(
        Locale.ROOT,
        "kappa: waiting up to %d s for the live version (consumer group %s) to read the %,d"
            + " records the replay read beyond its positions (--readWaitSeconds)%n",
        readWait.toSeconds(),
        group,
        reach.recordsNotRead());
    long start = System.nanoTime();
    long moved = start;
    while (!reach.readAllReplayed()
        && System.nanoTime() - start < readWait.toNanos()
        && System.nanoTime() - moved < READ_QUIET.toNanos()) {
      try {
        Thread.sleep(READ_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return reach;
      }
      LiveReach now = new LiveReach(ends, positions.of(log, topic, group));
      if (!now.equals(reach)) {
        moved = System.nanoTime();
      }
      reach = now;
    }
    return reach;
  }

  /** The replay's records, time, and end offsets per partition. */
  private record Replayed(long records, double seconds, Map<Integer, Long> ends) {}

  private Replayed replay(LaunchPlan<?> plan) throws IOException {
    Launcher.Launched job = launcher.launch(plan);
    job.waitUntilFinish();
    if (job.result().getState() != PipelineResult.State.DONE) {
      throw new IOException(
          "the replay ended " + job.result().getState() + ", not DONE: nothing to compare with");
    }
    long records = RunSummary.counter(RunSummary.metrics(job.result()), KappaMetrics.RECORDS_READ);
    double seconds = (System.nanoTime() - job.startNanos()) / 1e9;
    err.printf(Locale.ROOT, "kappa: replayed %,d records in %.1f s%n", records, seconds);
    Map<Integer, Long> ends = new TreeMap<>();
    for (PartitionRange range : job.edges().source().replayedSlice().orElseThrow()) {
      ends.put(range.partition(), range.end());
    }
    return new Replayed(records, seconds, ends);
  }
}
