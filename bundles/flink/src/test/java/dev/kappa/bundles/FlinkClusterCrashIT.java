package dev.kappa.bundles;

import dev.kappa.testing.LocalKafka;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Crashes on the local Flink cluster, in a live run ({@link FlinkClusterFaults}): the TaskManager
 * killed with SIGKILL and started again (results into the serving database, and into a Kafka topic
 * written exactly once), and the Kafka broker killed and restarted.
 */
class FlinkClusterCrashIT extends FlinkClusterFaults {
  @Test
  void taskManagerKilledMidwayLosesAndDuplicatesNothing() throws Exception {
    runWithFault(
        database,
        "tm_kill",
        job -> {
          cluster.killTaskManager();
          long killed = System.nanoTime();
          cluster.startMissing();
          awaitTrue(
              "the job restored from a checkpoint and running", () -> restoredAndRunning(job));
          System.out.printf(
              "fault test: TaskManager killed; job running again from its last"
                  + " checkpoint after %.1f s%n",
              seconds(killed));
        },
        Check.TABLES_AND_VERIFY);
  }

  /** The same kill, the results written to a Kafka topic exactly once. */
  @Test
  void taskManagerKilledMidway_theResultsTopicHoldsEachPaneOnce() throws Exception {
    runWithFaultIntoResultsTopic(
        "tm_kill_topic",
        job -> {
          cluster.killTaskManager();
          cluster.startMissing();
          awaitTrue(
              "the job restored from a checkpoint and running", () -> restoredAndRunning(job));
        });
  }

  @Test
  void brokerKilledMidwayLosesAndDuplicatesNothing() throws Exception {
    runWithFault(
        "broker_kill",
        job -> {
          LocalKafka.kill();
          long killed = System.nanoTime();
          int before = completedCheckpoints(job);
          long restarted = after(Duration.ofSeconds(5), LocalKafka::restart).join();
          awaitTrue(
              "a checkpoint after the broker's restart", () -> completedCheckpoints(job) > before);
          System.out.printf(
              "fault test: broker down %.1f s; first checkpoint %.1f s after its" + " restart%n",
              seconds(killed) - seconds(restarted), seconds(restarted));
        });
  }
}
