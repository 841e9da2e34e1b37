package dev.kappa.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.pipelines.testing.LiveAndReplay;
import dev.kappa.pipelines.testing.PipelineModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pipeline on the DirectRunner over a real Kafka topic: the replay equals the model, and a
 * live run over the same topic converges to the replay's answers.
 */
class KafkaLiveAndReplayTest {
  private static final GeneratorConfig EVENTS =
      GeneratorConfig.builder().events(10_000).seed(11).build();
  @TempDir static Path dir;
  private static LiveAndReplay topic;

  @BeforeAll
  static void produce() throws Exception {
    topic = LiveAndReplay.produce(dir, EVENTS, "live-replay-direct");
  }

  static List<PipelineModels.Model> pipelines() {
    return PipelineModels.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  void liveAndReplayAgree(PipelineModels.Model model) throws Exception {
    Map<String, List<String>> replayed =
        topic.replay(model, dir.resolve(model.pipeline() + "-replay"), "--env=direct");
    assertEquals(model.expected().apply(topic.events()), replayed, "replay vs model");
    topic.assertLiveConvergesTo(
        replayed, model, dir.resolve(model.pipeline() + "-live"), "--env=direct");
  }
}
