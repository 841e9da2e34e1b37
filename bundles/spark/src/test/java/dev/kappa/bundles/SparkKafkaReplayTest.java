package dev.kappa.bundles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.testing.ArchiveScenario;
import dev.kappa.launcher.testing.ArchiveScenario.Archived;
import dev.kappa.testing.PipelineModels;
import dev.kappa.testing.PipelineModels.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pipeline replayed from a real Kafka topic on Spark local[2] (a batch job; Spark does not
 * run live sources, see SparkCrossRunnerTest) gives the model's final answers; all pipelines replay
 * in one job, each checked on its own. The topic has been archived by a Spark job and cut to its
 * second half, so the replay reads the archive, then the topic ({@code --archive}).
 */
class SparkKafkaReplayTest {
  private static final GeneratorConfig EVENTS =
      GeneratorConfig.builder().events(20_000).seed(37).build();
  @TempDir static Path dir;
  private static Archived archived;
  private static Map<String, Map<String, List<String>>> replayed;

  @BeforeAll
  static void produceThenReplay() throws Exception {
    String[] spark = {"--env=spark-local", "--runner=TestSparkRunner"};
    archived = ArchiveScenario.archiveThenLoseFirstHalf(dir, EVENTS, "replay-spark", spark);
    replayed =
        archived
            .topic()
            .replay(
                PipelineModels.all(),
                dir.resolve("replay"),
                spark[0],
                spark[1],
                archived.archiveArg());
  }

  static List<Model> pipelines() {
    return PipelineModels.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  void replayOnSparkLocalGivesTheModelsFinalAnswers(Model model) {
    assertEquals(model.expected().apply(archived.topic().events()), replayed.get(model.pipeline()));
  }
}
