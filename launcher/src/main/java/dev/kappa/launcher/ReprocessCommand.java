package dev.kappa.launcher;

import dev.kappa.launcher.kafka.KafkaLog;
import dev.kappa.launcher.serving.ServingReader;
import dev.kappa.launcher.serving.ServingReader.ResultWindow;
import dev.kappa.launcher.serving.ServingSwitch;
import dev.kappa.metrics.KappaMetrics;
import dev.kappa.pipelines.KappaPipeline;
import dev.kappa.pipelines.kafka.PartitionRange;
import dev.kappa.pipelines.serving.JdbcTarget;
import dev.kappa.pipelines.serving.ServingViews;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Command;

/**
 * {@code kappa reprocess PIPELINE --version=V --source=kafka:TOPIC --sink=jdbc:...}: Kreps'
 * reprocessing. Starts version V as a live job from the earliest retained offset (its own consumer
 * group, table {@code PIPELINE_V}), reports how far behind it is, and once it has caught up with
 * the version readers use ({@link ReprocessOptions}: read past the log end recorded at its start on
 * every partition, at most {@code --catchUpRecords} behind the log end now, and its event time
 * within {@code --catchUpSeconds}) checks it ({@link #validate}; with {@code --verify} also against
 * a replay of the topic, as {@code kappa verify} does) and switches the readers' view to it in one
 * transaction. The old table is retained for {@code --retainOldHours} (dropped by a later reprocess
 * once they have passed) unless {@code --dropOld}. V keeps running as the live job; with {@code
 * --stopAfterSwitch} it stops once its table has stopped changing (its final panes are in). A
 * version that fails the check is stopped and readers stay where they are: exit code {@value
 * Kappa#UNHEALTHY}.
 */
@Command(
    name = "reprocess",
    description = {
      "Reprocesses the topic into a new version of PIPELINE's serving table (--version=V, a"
          + " live job from the earliest offset), checks it once it has caught up with the version"
          + " readers query, and switches readers to it; a version that fails the check is"
          + " stopped (exit 3)."
    },
    footer = {
      "",
      "Needs --version=V --source=kafka:TOPIC --sink=jdbc:postgresql://...",
      "PIPELINE's options (given as --name=value): kappa help PIPELINE"
    })
final class ReprocessCommand extends PipelineCommand {
  private static final long POLL_MILLIS = 2_000;

  /** Polls without a new result row before --stopAfterSwitch stops the job. */
  private static final int QUIET_POLLS = 5;

  /** Polls that a window the new version leaves without a result is read again. */
  private static final int COVERAGE_POLLS = 10;

  private final Launcher launcher;
  private final PrintStream err;

  ReprocessCommand(Launcher launcher, PrintStream err) {
    this.launcher = launcher;
    this.err = err;
  }

  @Override
  public Integer call() throws IOException {
    return reprocess(definition(), request());
  }

  /** Reprocesses into the version {@code request} names, detached. */
  private int reprocess(KappaPipeline<?> definition, LaunchRequest request) throws IOException {
    PipelineOptionsFactory.register(ReprocessOptions.class);
    LaunchPlan<?> plan = launcher.plan(definition, request, true);
    ReprocessOptions reprocess = plan.options().as(ReprocessOptions.class);
    String topic =
        plan.source()
            .topic()
            .orElseThrow(
                () -> new UsageException("reprocess reads a Kafka topic: --source=kafka:T"));
    if (!JdbcTarget.isJdbc(plan.options().getSink())) {
      throw new UsageException("reprocess writes the serving layer: --sink=jdbc:postgresql://...");
    }
    JdbcTarget database = JdbcTarget.parse(plan.options().getSink());
    ServingReader serving = new ServingReader(database);
    String newTable = plan.table();
    String group = plan.consumerGroup();
    Optional<String> oldTable = currentTable(serving, definition.name());
    dropExpired(database, definition.name());
    if (oldTable.filter(newTable::equals).isPresent()) {
      throw new UsageException(
          "readers already query " + newTable + "; reprocess into a new --version");
    }
    KafkaLog log = new KafkaLog(plan.options().getBootstrapServers());
    if (log.hasCommittedOffsets(group, topic)) {
      throw new UsageException(
          "consumer group "
              + group
              + " has read "
              + topic
              + " before; reprocessing starts from"
              + " the earliest offset, so give it a new --version");
    }
    err.printf(
        "kappa: reprocessing %s into %s from the earliest offset of %s (readers on %s)%n",
        definition.name(), newTable, topic, oldTable.orElse("nothing yet"));
    List<PartitionRange> partitions = log.slice(topic, KafkaLog.RETAINED, "now");
    ReadParallelism.of(plan.args())
        .ifPresent(
            parallelism ->
                ReadParallelism.idleReaders(topic, partitions.size(), parallelism)
                    .ifPresent(note -> err.println("kappa: " + note)));
    Map<Integer, Long> endsAtStart = new HashMap<>();
    partitions.forEach(partition -> endsAtStart.put(partition.partition(), partition.end()));
    long launched = System.nanoTime();
    Launcher.Launched job = launcher.launch(plan);
    Progress progress = new Progress(log, topic, group, endsAtStart, serving, newTable, oldTable);
    try {
      if (!catchUp(job, progress, reprocess)) {
        return Kappa.FAILED;
      }
      double seconds = (System.nanoTime() - launched) / 1e9;
      long read = recordsRead(job, progress);
      err.printf(
          Locale.ROOT,
          "kappa: %s caught up: %,d records in %.1f s from its launch"
              + " (%,.0f records/s, start-up included)%n",
          newTable,
          read,
          seconds,
          read / seconds);
      Optional<String> refusal =
          validate(job, progress, reprocess, definition.name(), plan.options().getVersion());
      if (refusal.isEmpty() && reprocess.getVerify()) {
        refusal = verify(definition, request, plan.options().getVersion(), job, progress);
      }
      if (refusal.isPresent()) {
        job.result().cancel();
        err.printf(
            "kappa: not switching to %s: %s; readers stay on %s, and %s is stopped%n",
            newTable, refusal.get(), oldTable.orElse("nothing"), plan.jobName());
        return Kappa.UNHEALTHY;
      }
      Optional<Duration> retain =
          reprocess.getDropOld()
              ? Optional.empty()
              : Optional.of(Duration.ofHours(reprocess.getRetainOldHours()));
      ServingSwitch.switchTo(
          database,
          definition.name(),
          plan.options().getVersion(),
          ServingSwitch.SwitchReason.REPROCESS,
          retain);
      err.printf(
          "kappa: switched view %s to %s%n", ServingViews.viewName(definition.name()), newTable);
      if (oldTable.isPresent() && reprocess.getDropOld()) {
        ServingSwitch.dropTable(database, definition.name(), oldTable.get());
        err.println(
            "kappa: dropped "
                + oldTable.get()
                + " (stop the job that wrote it: no reader queries it any more)");
      } else if (oldTable.isPresent()) {
        err.printf(
            "kappa: retaining %s for %d h (back with 'bin/kappa switch %s --version=%s"
                + " --sink=...'); stop the job that writes it%n",
            oldTable.get(),
            reprocess.getRetainOldHours(),
            definition.name(),
            ServingViews.versionOf(definition.name(), oldTable.get()));
      }
      if (reprocess.getStopAfterSwitch()) {
        waitUntilQuiet(serving, newTable);
        job.result().cancel();
        return Kappa.OK;
      }
      Optional<Cluster> cluster = plan.cluster().filter(Cluster::isFlink);
      if (cluster.isPresent()) {
        err.printf(
            "kappa: %s is now the live version, running on the cluster as %s; stop it"
                + " with 'bin/kappa stop %s --version=%s --flinkMaster=%s:%d'%n",
            newTable,
            plan.jobName(),
            definition.name(),
            plan.options().getVersion(),
            cluster.get().host(),
            cluster.get().port());
        return Kappa.OK;
      }
      err.println("kappa: " + newTable + " is now the live version; Ctrl-C stops it");
      job.waitUntilFinish();
      return Kappa.OK;
    } catch (SQLException e) {
      job.result().cancel();
      throw new IOException("serving database " + database + ": " + e.getMessage(), e);
    }
  }

  /**
   * Why the caught-up version must not serve, if it must not: it sent more than {@code
   * --maxDeadLetterShare} of the records it read to dead letters (not counting those too late for
   * their windows), or it leaves a window the readers' version has final results for without any
   * ({@link SwitchChecks}).
   */
  private Optional<String> validate(
      Launcher.Launched job,
      Progress progress,
      ReprocessOptions reprocess,
      String pipeline,
      String version)
      throws SQLException {
    // Records too late for their windows are dead letters by design, not records it failed on.
    long deadLetters =
        Math.max(
            counter(job, KappaMetrics.DEAD_LETTERS) - counter(job, KappaMetrics.TOO_LATE),
            progress.serving().rejectedRecords(pipeline, version));
    Optional<String> refusal =
        SwitchChecks.deadLetterRefusal(
            recordsRead(job, progress), deadLetters, reprocess.getMaxDeadLetterShare());
    OptionalLong reached = eventTimeReached(job, progress.serving(), progress.newTable());
    if (refusal.isPresent() || progress.oldTable().isEmpty() || reached.isEmpty()) {
      return refusal;
    }
    Optional<List<ResultWindow>> readers = progress.serving().windows(progress.oldTable().get());
    if (readers.isEmpty()) {
      return Optional.empty();
    }
    // The final panes of windows near the new version's frontier may still be on their way to
    // the table (other keys, other bundles): a gap in the range fixed now is read again for a
    // while before it counts; a pane in flight arrives, a window the new version left out stays
    // empty.
    for (int poll = 0; ; poll++) {
      long uncovered =
          SwitchChecks.uncoveredWindows(
              readers.get(),
              progress.serving().windows(progress.newTable()).orElse(List.of()),
              reached.getAsLong());
      if (uncovered == 0) {
        return Optional.empty();
      }
      if (poll == COVERAGE_POLLS) {
        return Optional.of(
            String.format(
                Locale.ROOT,
                "%,d windows up to %s that %s has final" + " results for have none in %s",
                uncovered,
                Instant.ofEpochMilli(reached.getAsLong()),
                progress.oldTable().get(),
                progress.newTable()));
      }
      sleep();
    }
  }

  /**
   * Why the caught-up version must not serve after {@code kappa verify}'s check, if it must not:
   * its rows differ from a replay of the topic run with the same options. The replay runs as {@code
   * request} says, but attached: the command line, not the plan, whose runner switches detach it.
   */
  private Optional<String> verify(
      KappaPipeline<?> definition,
      LaunchRequest request,
      String version,
      Launcher.Launched job,
      Progress progress)
      throws IOException {
    // The replay is a job of its own: not named as the reprocess job is.
    LaunchRequest replay =
        new LaunchRequest(request.profile(), Optional.empty(), request.options());
    Verifier.Report report =
        new Verifier(
                launcher,
                err,
                (log, topic, group) -> positions(job, progress),
                Verifier.DEFAULT_READ_WAIT)
            .verify(definition, replay, Optional.of(version));
    err.print(VerifyText.render(report));
    if (report.outcome().unexplained() == 0) {
      return Optional.empty();
    }
    return Optional.of(VerifyText.verdict(report) + " with a replay of the topic");
  }

  /**
   * Where the new version reads (and each partition's log end when it started) and writes, and the
   * table readers use now.
   */
  private record Progress(
      KafkaLog log,
      String topic,
      String group,
      Map<Integer, Long> endsAtStart,
      ServingReader serving,
      String newTable,
      Optional<String> oldTable) {}

  /** Polls until caught up (true), or the job ends or times out first (false). */
  private boolean catchUp(Launcher.Launched job, Progress progress, ReprocessOptions reprocess)
      throws SQLException, IOException {
    String newTable = progress.newTable();
    long deadline = System.nanoTime() + reprocess.getCatchUpTimeoutSeconds() * 1_000_000_000L;
    while (!caughtUp(job, progress, reprocess)) {
      if (job.result().getState().isTerminal()) {
        job.waitUntilFinish();
        err.println(
            "kappa: " + newTable + " stopped before catching up: " + job.result().getState());
        return false;
      }
      if (System.nanoTime() > deadline) {
        err.println(
            "kappa: "
                + newTable
                + " did not catch up in "
                + reprocess.getCatchUpTimeoutSeconds()
                + " s");
        job.result().cancel();
        return false;
      }
      sleep();
    }
    return true;
  }

  /**
   * Caught up: read past the log end recorded at its start on every partition, at most {@code
   * catchUpRecords} behind the log end now, and event time within {@code catchUpSeconds} of the
   * readers' version; the progress line says which is still missing.
   */
  private boolean caughtUp(Launcher.Launched job, Progress progress, ReprocessOptions reprocess)
      throws SQLException {
    CatchUpProgress read =
        CatchUpProgress.of(
            progress.log().slice(progress.topic(), KafkaLog.RETAINED, "now"),
            progress.endsAtStart(),
            positions(job, progress));
    OptionalLong reached = eventTimeReached(job, progress.serving(), progress.newTable());
    OptionalLong target =
        progress.oldTable().isPresent()
            ? eventTimeReached(job, progress.serving(), progress.oldTable().get())
            : OptionalLong.empty();
    List<String> missing =
        SwitchChecks.stillMissing(
            read,
            progress.endsAtStart(),
            reached,
            target,
            new SwitchChecks.CatchUpLimits(
                reprocess.getCatchUpRecords(), reprocess.getCatchUpSeconds()));
    long archived = job.edges().source().archivedRecords();
    // A job that runs in this JVM reports its counters as it goes; a detached one does not.
    if (archived > 0 && job.plan().cluster().isEmpty()) {
      SwitchChecks.archiveStillMissing(archived, counter(job, KappaMetrics.ARCHIVE_RECORDS_READ))
          .ifPresent(missing::add);
    }
    err.printf(
        "kappa: %s: %,d records behind the log end, event time reached %s (readers' version:"
            + " %s)%s%n",
        progress.newTable(),
        read.behind(),
        describe(reached),
        describe(target),
        missing.isEmpty() ? "; caught up" : "; waiting for " + String.join(" and ", missing));
    return missing.isEmpty();
  }

  /**
   * The next offset the job would read, per partition: the larger of what its own metrics say it
   * has read (live, but a detached Flink job reports none until it ends) and what its consumer
   * group has committed (so it trails: on a checkpoint, or per 5-minute window of event time
   * through the splittable Kafka read).
   */
  private static Map<Integer, Long> positions(Launcher.Launched job, Progress progress) {
    Map<Integer, Long> positions =
        new HashMap<>(progress.log().committedByPartition(progress.group(), progress.topic()));
    for (MetricResult<DistributionResult> offsets :
        RunSummary.metrics(job.result()).getDistributions()) {
      String name = offsets.getName().getName();
      String prefix = KappaMetrics.OFFSETS_READ_PREFIX;
      if (name.startsWith(prefix) && offsets.getAttempted().getCount() > 0) {
        int partition = Integer.parseInt(name.substring(prefix.length()));
        positions.merge(partition, offsets.getAttempted().getMax() + 1, Math::max);
      }
    }
    return positions;
  }

  /**
   * Records read: the larger of the job's own counter (it started at the earliest offset; the
   * DirectRunner's committed offsets lag behind it) and the offsets its consumer group has
   * committed (a detached Flink job reports no counters until it ends, but commits offsets as it
   * goes: on a checkpoint, or per 5-minute window of event time through the splittable read).
   */
  private static long recordsRead(Launcher.Launched job, Progress progress) {
    return Math.max(
        counter(job, KappaMetrics.RECORDS_READ),
        progress.log().committedRecords(progress.group(), progress.topic()));
  }

  /** Drops the tables whose retention after an earlier reprocess is over. */
  private void dropExpired(JdbcTarget database, String pipeline) throws IOException {
    try {
      for (String table : ServingSwitch.dropExpired(database, pipeline)) {
        err.println("kappa: dropped " + table + " (its retention after a reprocess is over)");
      }
    } catch (SQLException e) {
      throw new IOException("serving database " + database + ": " + e.getMessage(), e);
    }
  }

  /**
   * Waits until the table has not changed for a while: the job's final panes are in. Read from the
   * table rather than the job's counters, which a detached Flink job does not report.
   */
  private void waitUntilQuiet(ServingReader serving, String table) throws SQLException {
    ServingReader.TableState state = serving.state(table);
    ServingReader.TableState previous = null;
    while (!state.equals(previous)) {
      previous = state;
      for (int i = 0; i < QUIET_POLLS; i++) {
        sleep();
      }
      state = serving.state(table);
    }
    err.printf(
        "kappa: %s holds %d rows and has stopped changing; stopping the job%n",
        table, state.rows());
  }

  private static long counter(Launcher.Launched job, String name) {
    return RunSummary.counter(RunSummary.metrics(job.result()), name);
  }

  /**
   * The newest event time in a version's table (window end, or a result's own date_time, as the
   * pipeline's result schema says); none for results without one, or a table not written yet.
   */
  private static OptionalLong eventTimeReached(
      Launcher.Launched job, ServingReader serving, String table) throws SQLException {
    if (job.eventTimeColumn().isEmpty()) {
      return OptionalLong.empty();
    }
    return serving.newest(table, job.eventTimeColumn().get());
  }

  private static Optional<String> currentTable(ServingReader serving, String pipeline)
      throws IOException {
    try {
      return serving.currentTable(pipeline);
    } catch (SQLException e) {
      throw new IOException("serving database: " + e.getMessage(), e);
    }
  }

  private static String describe(OptionalLong time) {
    return time.isPresent() ? Instant.ofEpochMilli(time.getAsLong()).toString() : "-";
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the catch-up", e);
    }
  }
}
