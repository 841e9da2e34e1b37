package dev.kappa.launcher;

import dev.kappa.pipelines.KappaPipeline;
import dev.kappa.pipelines.io.WriteResults;
import dev.kappa.pipelines.kafka.KafkaLog;
import dev.kappa.pipelines.kafka.PartitionRange;
import dev.kappa.pipelines.serving.JdbcTarget;
import dev.kappa.pipelines.serving.ServingViews;
import dev.kappa.transforms.DecodeEvents;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * {@code kappa reprocess PIPELINE --version=V --source=kafka:TOPIC --sink=jdbc:...}: Kreps'
 * reprocessing. Starts version V as a live job from the earliest retained offset (its own consumer
 * group, table {@code PIPELINE_V}), reports how far behind it is, and once it has caught up with
 * the version readers use (at most {@code --catchUpRecords} behind the log end and its event time
 * within {@code --catchUpSeconds}) switches the readers' view to it in one transaction, then drops
 * the old table unless {@code --keepOld}. V keeps running as the live job; with {@code
 * --stopAfterSwitch} it stops once its writes have gone quiet (its final panes are in).
 */
final class ReprocessCommand {
  private static final long POLL_MILLIS = 2_000;
  /** Polls without a new result row before --stopAfterSwitch stops the job. */
  private static final int QUIET_POLLS = 5;

  private final Kappa kappa;
  private final PrintStream err;

  ReprocessCommand(Kappa kappa, PrintStream err) {
    this.kappa = kappa;
    this.err = err;
  }

  int run(KappaPipeline<?> definition, List<String> rawArgs) throws IOException {
    List<String> args = new ArrayList<>(rawArgs);
    long catchUpSeconds = Long.parseLong(take(args, "--catchUpSeconds", "30"));
    boolean keepOld = Boolean.parseBoolean(take(args, "--keepOld", "false"));
    boolean stopAfterSwitch = Boolean.parseBoolean(take(args, "--stopAfterSwitch", "false"));
    long timeoutSeconds = Long.parseLong(take(args, "--catchUpTimeoutSeconds", "3600"));
    long catchUpRecords = Long.parseLong(take(args, "--catchUpRecords", "1000"));
    String version = value(args, "--version")
        .orElseThrow(() -> new UsageException("reprocess needs --version=V (the new version)"));
    String topic = value(args, "--source")
        .filter(source -> source.startsWith("kafka:"))
        .map(source -> source.substring("kafka:".length()))
        .orElseThrow(() -> new UsageException("reprocess reads a Kafka topic: --source=kafka:T"));
    JdbcTarget database = value(args, "--sink")
        .filter(JdbcTarget::isJdbc)
        .map(JdbcTarget::parse)
        .orElseThrow(() -> new UsageException("reprocess writes the serving layer: --sink=jdbc:..."));
    String bootstrap = value(args, "--bootstrapServers").orElse("127.0.0.1:9092");
    String newTable = ServingViews.tableName(definition.name(), version);
    // The new version's own group: 'kappa run --version=V' resumes from it after a restart.
    String group = "kappa-" + definition.name() + "-" + version;
    args.add("--consumerGroup=" + group);

    Optional<String> oldTable = currentTable(database, definition.name());
    if (oldTable.filter(newTable::equals).isPresent()) {
      throw new UsageException(
          "readers already query " + newTable + "; reprocess into a new --version");
    }
    err.printf(
        "kappa: reprocessing %s into %s from the earliest offset of %s (readers on %s)%n",
        definition.name(), newTable, topic, oldTable.orElse("nothing yet"));
    KafkaLog log = new KafkaLog(bootstrap);
    if (log.hasCommittedOffsets(group)) {
      throw new UsageException(
          "consumer group " + group + " has run before; reprocessing starts from the earliest"
              + " offset, so give it a new --version");
    }
    Kappa.Launched job = kappa.launch(definition, args, true);
    long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    try {
      while (!caughtUp(
          job, log, topic, database, newTable, oldTable, catchUpRecords, catchUpSeconds)) {
        if (job.result().getState().isTerminal()) {
          err.println("kappa: " + newTable + " stopped before catching up: "
              + job.result().getState());
          return Kappa.FAILED;
        }
        if (System.nanoTime() > deadline) {
          err.println("kappa: " + newTable + " did not catch up in " + timeoutSeconds + " s");
          job.result().cancel();
          return Kappa.FAILED;
        }
        sleep();
      }
      ServingViews.switchTo(database, definition.name(), version);
      err.printf("kappa: switched view %s to %s%n", ServingViews.viewName(definition.name()),
          newTable);
      if (oldTable.isPresent() && !keepOld) {
        dropTable(database, oldTable.get());
        err.println("kappa: dropped " + oldTable.get()
            + " (stop the job that wrote it: no reader queries it any more)");
      }
      if (stopAfterSwitch) {
        waitUntilQuiet(job);
        job.result().cancel();
        return Kappa.OK;
      }
      err.println("kappa: " + newTable + " is now the live version; Ctrl-C stops it");
      job.result().waitUntilFinish();
      return Kappa.OK;
    } catch (SQLException e) {
      job.result().cancel();
      throw new IOException("serving database " + database + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      return kappa.failed(job, e);
    }
  }

  /**
   * Caught up: at most {@code catchUpRecords} behind the log end (by the job's own count of records
   * read, as it started at the earliest offset), and event time within {@code catchUpSeconds} of the
   * readers' version.
   */
  private boolean caughtUp(
      Kappa.Launched job,
      KafkaLog log,
      String topic,
      JdbcTarget database,
      String newTable,
      Optional<String> oldTable,
      long catchUpRecords,
      long catchUpSeconds)
      throws SQLException {
    long logRecords =
        log.slice(topic, "earliest", "now").stream().mapToLong(PartitionRange::size).sum();
    long behind = Math.max(0, logRecords - counter(job, DecodeEvents.RECORDS_READ));
    OptionalLong reached = eventTimeReached(database, newTable);
    OptionalLong target =
        oldTable.isPresent() ? eventTimeReached(database, oldTable.get()) : OptionalLong.empty();
    err.printf(
        "kappa: %s: %,d records behind the log end, event time reached %s (readers' version: %s)%n",
        newTable, behind, describe(reached), describe(target));
    boolean timeDone =
        target.isEmpty()
            || (reached.isPresent()
                && reached.getAsLong() >= target.getAsLong() - catchUpSeconds * 1000);
    return behind <= catchUpRecords && timeDone;
  }

  /** Waits until the job has written nothing new for a while: its final panes are in. */
  private void waitUntilQuiet(Kappa.Launched job) {
    long written = -1;
    long now = counter(job, WriteResults.RESULTS_WRITTEN);
    while (now != written) {
      written = now;
      for (int i = 0; i < QUIET_POLLS; i++) {
        sleep();
      }
      now = counter(job, WriteResults.RESULTS_WRITTEN);
    }
    err.printf("kappa: %,d result rows written; stopping the job%n", now);
  }

  private static long counter(Kappa.Launched job, String name) {
    MetricQueryResults metrics =
        job.result()
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(DecodeEvents.METRICS_NAMESPACE, name))
                    .build());
    long total = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      total += counter.getAttempted();
    }
    return total;
  }

  /** The newest event time in a result table: window end, or a result's own date_time. */
  private static OptionalLong eventTimeReached(JdbcTarget database, String table)
      throws SQLException {
    try (Connection connection = database.connect();
        Statement query = connection.createStatement()) {
      String column = timeColumn(connection, table);
      if (column == null) {
        return OptionalLong.empty();
      }
      try (ResultSet rows = query.executeQuery("SELECT max(" + column + ") FROM " + table)) {
        rows.next();
        long max = rows.getLong(1);
        return rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(max);
      }
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) { // the job has not created its table yet
        return OptionalLong.empty();
      }
      throw e;
    }
  }

  private static String timeColumn(Connection connection, String table) throws SQLException {
    try (ResultSet columns = connection.getMetaData().getColumns(null, null, table, null)) {
      String found = null;
      while (columns.next()) {
        String name = columns.getString("COLUMN_NAME");
        if (name.equals("window_end") || (found == null && name.equals("date_time"))) {
          found = name;
        }
      }
      return found;
    }
  }

  private static Optional<String> currentTable(JdbcTarget database, String pipeline)
      throws IOException {
    try (Connection connection = database.connect()) {
      return ServingViews.currentTable(connection, pipeline);
    } catch (SQLException e) {
      throw new IOException("serving database " + database + ": " + e.getMessage(), e);
    }
  }

  private static void dropTable(JdbcTarget database, String table) throws SQLException {
    try (Connection connection = database.connect();
        Statement ddl = connection.createStatement()) {
      ddl.execute("DROP TABLE IF EXISTS " + table);
    }
  }

  private static String describe(OptionalLong time) {
    return time.isPresent() ? Instant.ofEpochMilli(time.getAsLong()).toString() : "-";
  }

  private static Optional<String> value(List<String> args, String name) {
    return args.stream()
        .filter(arg -> arg.startsWith(name + "="))
        .map(arg -> arg.substring(name.length() + 1))
        .reduce((first, last) -> last);
  }

  /** Removes this command's own option from the args (the pipeline does not know it). */
  private static String take(List<String> args, String name, String defaultValue) {
    String found = defaultValue;
    for (var it = args.iterator(); it.hasNext(); ) {
      String arg = it.next();
      if (arg.equals(name)) {
        found = "true";
        it.remove();
      } else if (arg.startsWith(name + "=")) {
        found = arg.substring(name.length() + 1);
        it.remove();
      }
    }
    return found;
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
