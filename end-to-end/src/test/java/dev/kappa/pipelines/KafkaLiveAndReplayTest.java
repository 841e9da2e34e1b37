package dev.kappa.pipelines;

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
 * Every pipeline on the DirectRunner over a real Kafka topic: the replay equals the model, and a
 * live run over the same topic converges to the replay's answers. All pipelines replay in one job
 * and run live in another; each is checked on its own.
 */
class KafkaLiveAndReplayTest {
  private static final GeneratorConfig EVENTS =
      GeneratorConfig.builder().events(10_000).seed(11).build();
  @TempDir static Path dir;
  private static LiveAndReplay topic;
  private static Map<String, Map<String, List<String>>> replayed;
  private static Map<String, Map<String, List<String>>> live;

  @BeforeAll
  static void produceThenReplayAndRunLive() throws Exception {
    topic = LiveAndReplay.produce(dir, EVENTS, "live-replay-direct");
    replayed = topic.replay(PipelineModels.all(), dir.resolve("replay"), "--env=direct");
    live =
        topic.live(
            replayed,
            PipelineModels.all(),
            LiveAndReplay.Jobs.TWO_AT_A_TIME,
            dir.resolve("live"),
            "--env=direct");
  }

  static List<Model> pipelines() {
    return PipelineModels.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  void liveAndReplayAgree(Model model) {
    assertEquals(
        model.expected().apply(topic.events()), replayed.get(model.pipeline()), "replay vs model");
    assertEquals(
        replayed.get(model.pipeline()),
        live.get(model.pipeline()),
        "live answers never matched the replay's");
  }
}
