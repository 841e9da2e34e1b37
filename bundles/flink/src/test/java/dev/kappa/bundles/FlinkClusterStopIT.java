package dev.kappa.bundles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.launcher.LauncherRuns;
import dev.kappa.testing.LocalPostgres;
import dev.kappa.testing.PrivatePostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Stops on the local Flink cluster, in a live run ({@link FlinkClusterFaults}): the serving
 * database stopped for 20 s, and the job stopped with a savepoint and resumed from it rescaled to
 * parallelism 4, then again back to 2.
 */
class FlinkClusterStopIT extends FlinkClusterFaults {
  /**
   * The serving database (a private PostgreSQL server that wants a password, never the machine's
   * shared one) is stopped for 20 s while the job upserts it: its writers wait for it and go on
   * where they were. The password, given in {@code --sink} as a user would, reached the TaskManager
   * through the driver's password file only: neither the jobs' configuration and plan on the REST
   * API nor any log of the cluster shows it.
   */
  @Test
  void servingDatabaseDownMidwayLosesAndDuplicatesNothing() throws Exception {
    String password = "kappa:s3cret-" + ProcessHandle.current().pid();
    try (PrivatePostgres postgres = PrivatePostgres.start(password);
        LocalPostgres.Database privateDatabase = postgres.createDatabase("fault_pg_down")) {
      runWithFault(
          privateDatabase,
          "pg_down",
          job -> {
            String before = newestUpdate(privateDatabase, "pg_down");
            postgres.stop();
            long stopped = System.nanoTime();
            CompletableFuture<Long> restart = after(Duration.ofSeconds(20), postgres::restart);
            awaitTrue(
                "a write after the database's restart",
                () ->
                    restart.isDone()
                        && newestUpdate(privateDatabase, "pg_down").compareTo(before) > 0);
            long restarted = restart.join();
            System.out.printf(
                "fault test: serving database down %.1f s; first write %.1f s after"
                    + " its restart%n",
                seconds(stopped) - seconds(restarted), seconds(restarted));
          },
          Check.TABLES);
      for (JsonNode job : rest("/jobs/overview").path("jobs")) {
        String id = job.path("jid").asText();
        for (String path : List.of("/jobs/" + id + "/config", "/jobs/" + id + "/plan")) {
          assertFalse(rest(path).toString().contains(password), "GET " + path + " shows it");
        }
      }
      for (Path log : cluster.logs()) {
        assertFalse(Files.readString(log).contains(password), log + " shows the password");
      }
    }
  }

  /**
   * The upgrade and rescaling path: stopped with a savepoint midway and started again from it at
   * parallelism 4 (over both TaskManagers of the test cluster), then stopped with a savepoint again
   * and started at parallelism 2. The profile fixes Flink's max parallelism (128), so the keyed
   * state of one savepoint is restored at either parallelism.
   */
  @Test
  void stopWithSavepointsRescalingTo4AndBackTo2_losesAndDuplicatesNothing() throws Exception {
    runWithFault(
        "savepoint",
        job -> {
          long stoppedAt = System.nanoTime();
          for (int parallelism : new int[] {4, 2}) {
            String savepoint = stopWithSavepoint("savepoint");
            startLive(
                database,
                "savepoint",
                "--fromSavepoint=" + savepoint,
                "--parallelism=" + parallelism);
            awaitTrue(
                "the resumed job restored from the savepoint at parallelism " + parallelism,
                () -> restoredAndRunning(jobId("savepoint")));
            for (JsonNode vertex : rest("/jobs/" + jobId("savepoint")).path("vertices")) {
              // Beam's Impulse, one element that starts the Kafka read, runs alone whatever the
              // width.
              int expected =
                  vertex.path("name").asText().equals("Source: Impulse") ? 1 : parallelism;
              assertEquals(expected, vertex.path("parallelism").asInt(), vertex.toString());
            }
          }
          System.out.printf(
              "fault test: stopped with a savepoint and resumed at parallelism 4, then again at"
                  + " 2, running after %.1f s%n",
              seconds(stoppedAt));
        });
  }

  /** Stops the live job of {@code version} with a savepoint; returns the savepoint's path. */
  private String stopWithSavepoint(String version) {
    String stopped =
        LauncherRuns.command(
            "stop",
            PIPELINE,
            "--version=" + version,
            "--savepoint",
            "--flinkMaster=" + cluster.master());
    Matcher path = Pattern.compile("--fromSavepoint=(\\S+)").matcher(stopped);
    assertTrue(path.find(), stopped);
    return path.group(1);
  }
}
