package dev.kappa.bundles;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.testing.ArchiveScenario;
import dev.kappa.launcher.testing.LiveAndReplay;
import dev.kappa.launcher.testing.ReprocessScenario;
import dev.kappa.launcher.testing.VerifyScenario;
import dev.kappa.testing.LocalFlinkCluster;
import dev.kappa.testing.LocalPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kappa reprocess} on the project's Flink session cluster with the flink-cluster profile as
 * shipped (KafkaIO's splittable read, the job detached): v1, then v2 with 20 s windows catches up,
 * passes the check, and readers are switched to it, with a replay's answers. Retention and
 * --dropOld, the same code on every runner, are left to the Direct and embedded Flink runs of the
 * whole scenario. Then the same after retention has cut the topic, reading its archive; and {@code
 * kappa verify} over records too late for their windows.
 */
class FlinkClusterReprocessIT {
  @TempDir Path dir;

  @Test
  void reprocessOnTheClusterCatchesUpThenSwitchesReaders() throws Exception {
    LocalFlinkCluster cluster = LocalFlinkCluster.shared();
    LiveAndReplay topic =
        LiveAndReplay.produce(
            dir, GeneratorConfig.builder().events(10_000).seed(37).build(), "reprocess-cluster");
    try (LocalPostgres.Database database = LocalPostgres.createDatabase()) {
      ReprocessScenario.switchesToANewVersion(
          "reprocess-cluster",
          topic.bootstrapArg(),
          database,
          "--env=flink-cluster",
          "--flinkMaster=" + cluster.master(),
          "--filesToStage=" + LocalFlinkCluster.bundledJar());
    }
  }

  /**
   * After retention has cut the topic: the archive is written by a batch job on the cluster, and a
   * new version reprocessed on the cluster reads it, then the topic live; readers get exactly a
   * replay of the whole history.
   */
  @Test
  void reprocessOnTheClusterAfterRetention_readsTheArchiveThenTheTopic() throws Exception {
    LocalFlinkCluster cluster = LocalFlinkCluster.shared();
    String[] onTheCluster = {
      "--env=flink-cluster",
      "--flinkMaster=" + cluster.master(),
      "--filesToStage=" + LocalFlinkCluster.bundledJar()
    };
    ArchiveScenario.Archived archived =
        ArchiveScenario.archiveThenLoseFirstHalf(
            dir,
            GeneratorConfig.builder().events(10_000).seed(47).build(),
            "archived-cluster",
            onTheCluster);
    try (LocalPostgres.Database database = LocalPostgres.createDatabase()) {
      ReprocessScenario.readsWhatRetentionCutFromTheArchive(archived, database, onTheCluster);
    }
  }

  /**
   * Records later than the allowed lateness on the cluster (the profile's splittable Kafka read
   * stamps them): the live version's dead letters explain every difference a replay on the cluster
   * finds. (That a version with the lateness verify advises has none is checked on Direct and
   * embedded Flink: on the cluster it would add two jobs, half a minute, to the longest module.)
   */
  @Test
  void recordsTooLateOnTheCluster_explainTheirWindowsDifferences() throws Exception {
    LocalFlinkCluster cluster = LocalFlinkCluster.shared();
    try (LocalPostgres.Database database = LocalPostgres.createDatabase()) {
      VerifyScenario.produce(dir, "verify-late-cluster", VerifyScenario.lateEvents(), database)
          .explainsTooLateRecords(
              "--env=flink-cluster",
              "--flinkMaster=" + cluster.master(),
              "--filesToStage=" + LocalFlinkCluster.bundledJar());
    }
  }
}
