package dev.kappa.bundles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.launcher.LauncherRuns;
import dev.kappa.launcher.kafka.KafkaLog;
import dev.kappa.pipelines.serving.ServingViews;
import dev.kappa.testing.AuctionStatsModel;
import dev.kappa.testing.Eventually;
import dev.kappa.testing.LocalFlinkCluster;
import dev.kappa.testing.LocalKafka;
import dev.kappa.testing.LocalPostgres;
import dev.kappa.testing.ResultsTopic;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Fault tolerance on a real Flink session cluster ({@code runners-config/local/flink-cluster}): a
 * live auction-stats run, submitted with the flink-cluster profile and checkpointing every second,
 * reads a Kafka topic being written at 1,000 events/s (event time = wall clock) and upserts
 * PostgreSQL. Midway a fault hits: the TaskManager is killed with SIGKILL and started again; or the
 * Kafka broker is killed and restarted; or the serving database is stopped for 20 s (its writers
 * wait for it); or, the upgrade path, the job is stopped with a savepoint and started again from
 * it. The job restores from its last checkpoint (or the savepoint), and the serving table ends
 * exactly equal to the table a fault-free run (a replay of the whole topic) writes: no row missing,
 * no bid counted twice; after the TaskManager kill {@code kappa verify} also finds no difference
 * (the other faults compare the table with the fault-free replay only: verify's replay costs 15-25
 * s a fault and adds nothing the equal tables do not show). Recovery times are printed, not
 * asserted. Outages last a set time (the fault), measured on another thread; the test thread only
 * waits on conditions.
 *
 * <p>The faults are two classes, {@link FlinkClusterCrashIT} and {@link FlinkClusterStopIT}, so
 * that the integration tests' JVMs run them side by side, each on its JVM's cluster.
 */
abstract class FlinkClusterFaults {
  static final String PIPELINE = "auction-stats";
  private static final int EVENTS = 15_000;
  private static final int RATE = 1_000;
  private static final Duration CONVERGE_TIMEOUT = Duration.ofMinutes(4);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static LocalFlinkCluster cluster;
  LocalPostgres.Database database;

  @BeforeAll
  static void startCluster() {
    LocalKafka.bootstrapServers();
    cluster = LocalFlinkCluster.shared();
  }

  @BeforeEach
  void createDatabase() {
    database = LocalPostgres.createDatabase();
  }

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  /** A fault injected into a running job, given the job's id. */
  interface Fault {
    void inject(String job) throws Exception;
  }

  /** What to check once the live table equals the fault-free replay's, besides the status. */
  enum Check {
    TABLES,
    TABLES_AND_VERIFY
  }

  void runWithFault(String version, Fault fault) throws Exception {
    runWithFault(database, version, fault, Check.TABLES);
  }

  void runWithFault(LocalPostgres.Database database, String version, Fault fault, Check check)
      throws Exception {
    String topic = topic(version);
    injectMidway(
        database,
        version,
        "rows in the serving table",
        () -> !rows(database, version).isEmpty(),
        fault);
    replayWithoutFault(version, "--sink=" + database.url());
    Set<String> reference = rows(database, "reference");
    assertTrue(reference.size() > 1_000, "the reference has " + reference.size() + " rows");
    long referenceDone = System.nanoTime();
    try {
      Eventually.holds(() -> rows(database, version).equals(reference), CONVERGE_TIMEOUT);
      statusShowsTheLiveJob(database, version, topic);
      if (check == Check.TABLES_AND_VERIFY) {
        verifyFindsNoDifference(database, version, topic);
      }
    } finally {
      LauncherRuns.command(
          "stop", PIPELINE, "--version=" + version, "--flinkMaster=" + cluster.master());
    }
    assertEquals(reference, rows(database, version));
    System.out.printf(
        "fault test (%s): %,d rows equal to the fault-free run's (%.1f s after the"
            + " reference replay finished)%n",
        version, reference.size(), seconds(referenceDone));
  }

  /**
   * The fault with the results written to a Kafka topic ({@code --sink=kafka:TOPIC}), on the
   * cluster profile exactly once: Beam's transactional Kafka sink commits what a completed
   * checkpoint made stable. A {@code read_committed} consumer of the topic, keeping the newest
   * result per key as compaction does, ends with exactly the results a fault-free replay writes to
   * its own topic, and sees no pane twice (the panes a restored job emits again after its last
   * checkpoint were never committed).
   */
  void runWithFaultIntoResultsTopic(String version, Fault fault) throws Exception {
    String results = "results-" + topic(version);
    String bootstrap = LocalKafka.bootstrapServers();
    injectMidway(
        database,
        version,
        "results in the topic",
        () -> ResultsTopic.read(bootstrap, results).size() > 0,
        fault,
        "--sink=kafka:" + results);
    String reference = "results-" + topic(version) + "-reference";
    replayWithoutFault(version, "--sink=kafka:" + reference);
    Map<String, String> expected = ResultsTopic.read(bootstrap, reference).newestAnswers();
    assertTrue(expected.size() > 1_000, "the reference has " + expected.size() + " results");
    try {
      Eventually.holds(
          () -> ResultsTopic.read(bootstrap, results).newestAnswers().equals(expected),
          CONVERGE_TIMEOUT);
    } finally {
      LauncherRuns.command(
          "stop", PIPELINE, "--version=" + version, "--flinkMaster=" + cluster.master());
    }
    ResultsTopic live = ResultsTopic.read(bootstrap, results);
    assertEquals(expected, live.newestAnswers());
    assertEquals(List.of(), live.panesWrittenTwice());
    System.out.printf(
        "fault test (%s): %,d results in the topic (%,d panes written), newest per key equal to"
            + " the fault-free run's, no pane twice%n",
        version, expected.size(), live.size());
  }

  /**
   * Starts the live job of {@code version} (with {@code more} options), produces the stream at the
   * clock, and once the job has written results ({@code written}) and completed a checkpoint since,
   * injects the fault; returns when the stream has been produced.
   */
  private void injectMidway(
      LocalPostgres.Database database,
      String version,
      String written,
      BooleanSupplier hasWritten,
      Fault fault,
      String... more)
      throws Exception {
    String topic = topic(version);
    new KafkaLog(LocalKafka.bootstrapServers()).ensureTopic(topic, 4);
    startLive(database, version, more);
    String job = jobId(version);
    awaitTrue("a first checkpoint", () -> completedCheckpoints(job) > 0);

    CompletableFuture<String> producing =
        CompletableFuture.supplyAsync(
            () ->
                LauncherRuns.command(
                    "produce",
                    "--topic=" + topic,
                    "--bootstrapServers=" + LocalKafka.bootstrapServers(),
                    "--events=" + EVENTS,
                    "--rate=" + RATE,
                    "--eventsPerSecond=" + RATE,
                    "--firstEventTime=now"));
    // Midway: the job has written results and a checkpoint since then holds part of the stream.
    awaitTrue(written, hasWritten);
    int checkpointsWithResults = completedCheckpoints(job) + 1;
    awaitTrue(
        "a checkpoint after the first results",
        () -> completedCheckpoints(job) > checkpointsWithResults);
    fault.inject(job);
    producing.join();
  }

  /** The fault-free run: the same events, replayed as a batch job on the same cluster. */
  private static void replayWithoutFault(String version, String sink) {
    LauncherRuns.command(
        "replay",
        PIPELINE,
        "--env=flink-cluster",
        "--version=reference",
        "--source=kafka:" + topic(version),
        "--bootstrapServers=" + LocalKafka.bootstrapServers(),
        sink,
        "--flinkMaster=" + cluster.master(),
        "--filesToStage=" + LocalFlinkCluster.bundledJar());
  }

  /**
   * {@code kappa status} on the cluster profile names the running job and, once it has one, its
   * last checkpoint, and the lag of its consumer group on each partition. The lag is not asserted
   * to reach 0: on this profile (KafkaIO's splittable read) offsets are committed once per 5-minute
   * window of event time, so the group trails by up to the last five minutes of the stream.
   */
  private static void statusShowsTheLiveJob(
      LocalPostgres.Database database, String version, String topic) {
    // A job resumed from a savepoint may not have completed its own first checkpoint yet.
    awaitTrue(
        "a checkpoint in kappa status",
        () ->
            !liveVersionStatus(database, version, topic)
                .path("job")
                .path("lastCheckpoint")
                .isNull());
    JsonNode status = liveVersionStatus(database, version, topic);
    assertEquals(jobId(version), status.path("job").path("id").asText(), status.toString());
    assertEquals("RUNNING", status.path("job").path("state").asText(), status.toString());
    assertEquals(4, status.path("lag").path("partitions").size(), status.toString());
    long lag = status.path("lag").path("records").asLong(-1);
    assertTrue(lag >= 0 && lag <= EVENTS, status.toString());
  }

  private static JsonNode liveVersionStatus(
      LocalPostgres.Database database, String version, String topic) {
    LauncherRuns.Printed printed =
        LauncherRuns.attemptPrinting(
            "status",
            PIPELINE,
            "--sink=" + database.url(),
            "--env=flink-cluster",
            "--flinkMaster=" + cluster.master(),
            "--source=kafka:" + topic,
            "--bootstrapServers=" + LocalKafka.bootstrapServers(),
            "--json");
    assertEquals(0, printed.exitCode(), printed.stdout() + printed.stderr());
    try {
      for (JsonNode v : JSON.readTree(printed.stdout()).path("pipelines").get(0).path("versions")) {
        if (v.path("version").asText().equals(version)) {
          return v;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(printed.stdout(), e);
    }
    throw new AssertionError("no version " + version + " in " + printed.stdout());
  }

  /**
   * {@code kappa verify} of the live version after the fault, replaying on the cluster: every row
   * compared equals the replay's. The producer has long finished, so the job's partitions are idle
   * and its watermark is at the wall clock, past every window and its lateness; its table cannot
   * show that (its newest window is the newest it has), so verify is told no late pane can come
   * ({@code --allowedLatenessSeconds=0}) and compares every window but the newest. What it found is
   * printed.
   */
  private static void verifyFindsNoDifference(
      LocalPostgres.Database database, String version, String topic) throws Exception {
    LauncherRuns.Printed verified =
        LauncherRuns.attemptPrinting(
            "verify",
            PIPELINE,
            "--version=" + version,
            "--env=flink-cluster",
            "--source=kafka:" + topic,
            "--bootstrapServers=" + LocalKafka.bootstrapServers(),
            "--sink=" + database.url(),
            "--flinkMaster=" + cluster.master(),
            "--filesToStage=" + LocalFlinkCluster.bundledJar(),
            "--progressSeconds=0",
            "--allowedLatenessSeconds=0",
            "--json");
    assertEquals(0, verified.exitCode(), verified.stdout() + verified.stderr());
    JsonNode report = JSON.readTree(verified.stdout());
    assertEquals(0, report.get("differences").size(), report.toString());
    assertTrue(report.get("rowsCompared").asLong() > 0, report.toString());
    System.out.printf(
        "verify after the fault (%s): %,d rows in %,d windows compared, %,d equal, %,d"
            + " differences; replay %.1f s%n",
        version,
        report.get("rowsCompared").asLong(),
        report.get("windowsCompared").asLong(),
        report.get("equal").asLong(),
        report.get("differences").size(),
        report.get("replaySeconds").asDouble());
  }

  /** Submits the live run of {@code version} to the cluster (kappa returns once it runs). */
  void startLive(LocalPostgres.Database database, String version, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                PIPELINE,
                "--env=flink-cluster",
                "--version=" + version,
                "--source=kafka:" + topic(version),
                "--bootstrapServers=" + LocalKafka.bootstrapServers(),
                "--sink=" + database.url(),
                "--flinkMaster=" + cluster.master(),
                "--filesToStage=" + LocalFlinkCluster.bundledJar(),
                "--checkpointingInterval=1000"));
    args.addAll(List.of(more));
    LauncherRuns.command(args.toArray(new String[0]));
  }

  private static String topic(String version) {
    return "fault-" + version.replace('_', '-');
  }

  private static Set<String> rows(LocalPostgres.Database database, String version) {
    try {
      return new TreeSet<>(
          database.rows(
              AuctionStatsModel.servedAnswers(ServingViews.tableName(PIPELINE, version))));
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) { // not created yet
        return Set.of();
      }
      throw new IllegalStateException(e);
    }
  }

  /** The newest {@code updated_at} of the version's table, as text (ISO order sorts by time). */
  static String newestUpdate(LocalPostgres.Database database, String version) {
    try {
      return database
          .rows(
              "SELECT coalesce(max(updated_at)::text, '') FROM "
                  + ServingViews.tableName(PIPELINE, version))
          .get(0);
    } catch (SQLException e) {
      return ""; // the database is down, or the table not created yet
    }
  }

  static String jobId(String version) {
    String name = "kappa-" + PIPELINE + "-" + version + "-live";
    for (JsonNode job : rest("/jobs/overview").path("jobs")) {
      if (job.path("name").asText().equals(name) && job.path("state").asText().equals("RUNNING")) {
        return job.path("jid").asText();
      }
    }
    throw new AssertionError("no running job " + name + " on " + cluster.restUrl());
  }

  static int completedCheckpoints(String job) {
    return rest("/jobs/" + job + "/checkpoints").path("counts").path("completed").asInt();
  }

  /** The job restored state from a checkpoint, and all its tasks are running again. */
  static boolean restoredAndRunning(String job) {
    JsonNode checkpoints = rest("/jobs/" + job + "/checkpoints");
    JsonNode details = rest("/jobs/" + job);
    boolean allRunning = details.path("state").asText().equals("RUNNING");
    for (JsonNode vertex : details.path("vertices")) {
      allRunning &= vertex.path("status").asText().equals("RUNNING");
    }
    return checkpoints.path("counts").path("restored").asInt() > 0 && allRunning;
  }

  static JsonNode rest(String path) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(cluster.restUrl() + path)).build(),
              HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void awaitTrue(String what, BooleanSupplier condition) {
    Eventually.await(what, Duration.ofMinutes(2), condition);
  }

  /**
   * Runs {@code restart} once the fault has lasted {@code outage}, on another thread, and gives the
   * time it finished (nanoTime): the test thread meanwhile waits on what it checks.
   */
  static CompletableFuture<Long> after(Duration outage, Runnable restart) {
    return CompletableFuture.supplyAsync(
        () -> {
          restart.run();
          return System.nanoTime();
        },
        CompletableFuture.delayedExecutor(outage.toMillis(), TimeUnit.MILLISECONDS));
  }

  static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }
}
