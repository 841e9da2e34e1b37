package dev.kappa.launcher;

import dev.kappa.launcher.serving.ServedRow;
import dev.kappa.launcher.serving.ServingReader;
import dev.kappa.launcher.serving.ServingSwitch;
import dev.kappa.metrics.KappaMetrics;
import dev.kappa.pipelines.KappaPipeline;
import dev.kappa.pipelines.options.WindowedOptions;
import dev.kappa.pipelines.serving.JdbcTarget;
import dev.kappa.pipelines.serving.ServingViews;
import dev.kappa.windowing.Triggering;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.beam.sdk.PipelineResult;

/**
 * Gathers what {@code kappa verify} and {@code kappa reprocess --verify} decide by: replays the
 * topic a live version reads, from its earliest offset to the log end now, with the same pipeline
 * options, into a scratch table ({@code PIPELINE_verifyXXXX}, dropped afterwards with its dead
 * letters), reads both tables and hands them to {@link Reconciliation}.
 */
final class Verifier {
  private final Launcher launcher;
  private final PrintStream err;

  Verifier(Launcher launcher, PrintStream err) {
    this.launcher = launcher;
    this.err = err;
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
      List<ServedRow> live =
          serving
              .servedRows(liveTable, keys)
              .orElseThrow(() -> new UsageException(liveTable + " has no windows"));
      err.printf(
          "kappa: verifying %s against a replay of %s on %s into %s (dropped afterwards)%n",
          liveTable, topic, plan.runner(), plan.table());
      try {
        Replayed replayed = replay(plan);
        List<ServedRow> replay =
            serving.tableExists(plan.table())
                ? serving.servedRows(plan.table(), keys).orElseThrow()
                : List.of();
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
            Reconciliation.of(
                live,
                replay,
                windowed.getAllowedLatenessSeconds() * 1000,
                serving.tooLateRecords(definition.name(), liveVersion)));
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

  private record Replayed(long records, double seconds) {}

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
    return new Replayed(records, seconds);
  }
}
