package dev.kappa.bundles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.pipelines.testing.LiveAndReplay;
import dev.kappa.pipelines.testing.PipelineModels;
import dev.kappa.pipelines.testing.PipelineModels.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pipeline on embedded Flink over a real Kafka topic (20,000 events, 4 partitions): the
 * replay (a batch job) equals the model, and a live run (a streaming job) over the same topic
 * converges to the replay's final answers.
 */
class FlinkKafkaLiveAndReplayTest {
  private static final GeneratorConfig EVENTS =
      GeneratorConfig.builder().events(20_000).seed(31).build();
  @TempDir static Path dir;
  private static LiveAndReplay topic;

  @BeforeAll
  static void produce() throws Exception {
    topic = LiveAndReplay.produce(dir, EVENTS, "live-replay-flink");
  }

  static List<Model> pipelines() {
    return PipelineModels.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  void liveAndReplayOnEmbeddedFlinkAgree(Model model) throws Exception {
    Map<String, List<String>> replayed =
        topic.replay(model, dir.resolve(model.pipeline() + "-replay"), "--env=flink-local");
    assertEquals(model.expected().apply(topic.events()), replayed, "replay vs model");
    topic.assertLiveConvergesTo(
        replayed, model, dir.resolve(model.pipeline() + "-live"), "--env=flink-local");
  }
}
