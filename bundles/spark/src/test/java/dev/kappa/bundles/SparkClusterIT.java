package dev.kappa.bundles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.LauncherRuns;
import dev.kappa.testing.EventFiles;
import dev.kappa.testing.LocalScripts;
import dev.kappa.testing.LocalSparkCluster;
import dev.kappa.testing.PipelineModels;
import dev.kappa.testing.PipelineModels.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pipeline on the project's own Spark standalone cluster (a Master and a Worker, separate
 * JVMs), submitted with the spark-cluster profile and this module's bundled jar: the same 20,000
 * events give the final answers of the pipeline's plain-Java model, as on every other runner (all
 * pipelines in one application, so the executors start and fetch the jar once; each checked on its
 * own).
 */
class SparkClusterIT {
  @TempDir static Path dir;
  private static Path events;
  private static LocalSparkCluster cluster;

  @BeforeAll
  static void startClusterThenRunEveryPipelineOnIt() throws IOException {
    cluster = LocalSparkCluster.start();
    events =
        EventFiles.write(
            dir.resolve("events.jsonl"), GeneratorConfig.builder().events(20_000).build());
    LauncherRuns.together(
        LauncherRuns.everyPipeline(
            dir.resolve("batch"),
            "--env=spark-cluster",
            "--runner=TestSparkRunner",
            "--sparkMaster=" + cluster.master(),
            "--filesToStage="
                + LocalScripts.repository().resolve("bundles/spark/target/kappa-spark-bundled.jar"),
            "--source=file:" + events),
        false);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  static List<Model> pipelines() {
    return PipelineModels.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  void batchOnSparkCluster_givesTheModelsFinalAnswers(Model model) {
    Path results = dir.resolve("batch").resolve(model.pipeline());

    assertEquals(model.expected().apply(events), model.actual().apply(results));
  }
}
