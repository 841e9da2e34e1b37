package dev.kappa.bundles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.LauncherRuns;
import dev.kappa.pipelines.testing.EventFiles;
import dev.kappa.pipelines.testing.LocalFlinkCluster;
import dev.kappa.pipelines.testing.PipelineModels;
import dev.kappa.pipelines.testing.PipelineModels.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pipeline on the project's own Flink session cluster (a JobManager and a TaskManager,
 * separate JVMs), submitted with the flink-cluster profile and this module's bundled jar: the same
 * 20,000 events give the final answers of the pipeline's plain-Java model, as on every other
 * runner. Live runs on the cluster are covered by {@link FlinkClusterFaultIT}.
 */
class FlinkClusterIT {
  @TempDir static Path dir;
  private static Path events;
  private static LocalFlinkCluster cluster;

  @BeforeAll
  static void startClusterAndGenerateEvents() throws IOException {
    cluster = LocalFlinkCluster.start();
    events =
        EventFiles.write(
            dir.resolve("events.jsonl"), GeneratorConfig.builder().events(20_000).build());
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
  void batchOnFlinkCluster_givesTheModelsFinalAnswers(Model model) {
    Path results = dir.resolve(model.pipeline());

    LauncherRuns.run(
        model.pipeline(),
        results,
        "--env=flink-cluster",
        "--flinkMaster=" + cluster.master(),
        "--filesToStage="
            + LauncherRuns.repository().resolve("bundles/flink/target/kappa-flink-bundled.jar"),
        "--source=file:" + events);

    assertEquals(model.expected().apply(events), model.actual().apply(results));
  }
}
