package dev.kappa.bundles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.testing.LiveAndReplay;
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
 * in one job, each checked on its own.
 */
class SparkKafkaReplayTest {
  private static final GeneratorConfig EVENTS =
      GeneratorConfig.builder().events(20_000).seed(37).build();
  @TempDir static Path dir;
  private static LiveAndReplay topic;
  private static Map<String, Map<String, List<String>>> replayed;

  @BeforeAll
  static void produceThenReplay() throws Exception {
    topic = LiveAndReplay.produce(dir, EVENTS, "replay-spark");
    replayed =
        topic.replay(
            PipelineModels.all(),
            dir.resolve("replay"),
            "--env=spark-local",
            "--runner=TestSparkRunner");
  }

  static List<Model> pipelines() {
    return PipelineModels.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  void replayOnSparkLocalGivesTheModelsFinalAnswers(Model model) {
    assertEquals(model.expected().apply(topic.events()), replayed.get(model.pipeline()));
  }
}
