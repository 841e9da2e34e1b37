package dev.kappa.launcher.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kappa.launcher.LauncherRuns;
import dev.kappa.launcher.LauncherRuns.Outcome;
import dev.kappa.pipelines.serving.ServingViews;
import dev.kappa.testing.AuctionStatsModel;
import dev.kappa.testing.LocalKafka;
import dev.kappa.testing.LocalPostgres;
import dev.kappa.testing.PrivatePostgres;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The serving database goes away under a bounded run or a replay: a private PostgreSQL server that
 * wants a password ({@link PrivatePostgres}) is stopped the moment the launcher starts the job,
 * after its own check found the database up, so every write meets a database that is gone. Back
 * within the run's patience, the run waits for it and its table equals a run's without the outage;
 * gone for good, the run fails with one line and exit code 1, never exit 0 with rows missing.
 * Shared by the Direct and the embedded Flink tests; {@code runner} is the arguments that choose
 * the runner.
 */
public final class ServingOutage {
  /** What the job reads: the generator's events, or the same events replayed from a topic. */
  public enum Source {
    GENERATOR,
    KAFKA
  }

  private static final String PIPELINE = "auction-stats";
  private static final long DOWN_SECONDS = 5;
  private static final int EVENTS = 20_000;

  private ServingOutage() {}

  public static void backWithinPatience_losesNothing(Source source, String... runner)
      throws Exception {
    try (PrivatePostgres postgres = PrivatePostgres.start(password());
        LocalPostgres.Database database = postgres.createDatabase("outage")) {
      String[] input = input(source);
      LauncherRuns.command(run(database, "reference", input, runner));
      List<CompletableFuture<Void>> restarted = new ArrayList<>();
      long start = System.nanoTime();
      Outcome outcome =
          LauncherRuns.attemptCommand(
              () -> {
                postgres.stop();
                restarted.add(
                    CompletableFuture.runAsync(
                        postgres::restart,
                        CompletableFuture.delayedExecutor(DOWN_SECONDS, TimeUnit.SECONDS)));
              },
              run(database, "outage", input, runner, "--servingRetrySeconds=120"));
      restarted.forEach(CompletableFuture::join);

      assertEquals(0, outcome.exitCode(), outcome.stderr());
      Set<String> reference = rows(database, "reference");
      assertTrue(reference.size() > 100, "the reference has " + reference.size() + " rows");
      assertEquals(reference, rows(database, "outage"));
      assertFalse(outcome.stderr().contains(database.password()), outcome.stderr());
      System.out.printf(
          "serving outage (%s): database down %d s; the run waited and finished"
              + " %.1f s after it started, with all %,d rows%n",
          source, DOWN_SECONDS, (System.nanoTime() - start) / 1e9, reference.size());
    }
  }

  public static void goneForGood_failsWithOneLine(Source source, String... runner)
      throws Exception {
    // The server, gone for good, is thrown away with its database.
    try (PrivatePostgres postgres = PrivatePostgres.start(password())) {
      LocalPostgres.Database database = postgres.createDatabase("gone");
      String[] input = input(source);
      long start = System.nanoTime();
      Outcome outcome =
          LauncherRuns.attemptCommand(
              postgres::stop, run(database, "gone", input, runner, "--servingRetrySeconds=5"));
      double seconds = (System.nanoTime() - start) / 1e9;

      assertEquals(1, outcome.exitCode(), outcome.stderr());
      List<String> failure =
          outcome
              .stderr()
              .lines()
              .filter(line -> line.startsWith("kappa: " + PIPELINE + " failed"))
              .collect(Collectors.toList());
      assertEquals(1, failure.size(), outcome.stderr());
      assertTrue(failure.get(0).contains("did not answer for 5 s while"), failure.get(0));
      assertFalse(outcome.stderr().contains("\tat "), "no stack trace: " + outcome.stderr());
      assertFalse(outcome.stderr().contains(database.password()), outcome.stderr());
      System.out.printf(
          "serving outage (%s): database gone for good; the run failed after %.1f s:" + " %s%n",
          source, seconds, failure.get(0));
    }
  }

  /**
   * The command and options that read {@code source}: {@code run} over 20,000 generated events, or
   * {@code replay} of a new topic the same events are produced to.
   */
  private static String[] input(Source source) {
    if (source == Source.GENERATOR) {
      return new String[] {"run", PIPELINE, "--events=" + EVENTS, "--seed=5"};
    }
    String topic = "outage-" + System.nanoTime();
    String brokers = "--bootstrapServers=" + LocalKafka.bootstrapServers();
    LauncherRuns.command(
        "produce", "--topic=" + topic, "--partitions=4", "--events=" + EVENTS, "--seed=5", brokers);
    return new String[] {"replay", PIPELINE, "--source=kafka:" + topic, brokers};
  }

  private static String[] run(
      LocalPostgres.Database database,
      String version,
      String[] input,
      String[] runner,
      String... more) {
    List<String> args = new ArrayList<>(List.of(input));
    args.addAll(List.of("--version=" + version, "--sink=" + database.url(), "--progressSeconds=0"));
    args.addAll(List.of(runner));
    args.addAll(List.of(more));
    return args.toArray(new String[0]);
  }

  private static Set<String> rows(LocalPostgres.Database database, String version)
      throws SQLException {
    return new TreeSet<>(
        database.rows(AuctionStatsModel.servedAnswers(ServingViews.tableName(PIPELINE, version))));
  }

  /** A password with a ':' in it, which the driver's password file must escape. */
  private static String password() {
    return "kappa:s3cret-" + ProcessHandle.current().pid();
  }
}
