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
 * On embedded Flink: a topic archived by a Flink batch job and then cut to its second half replays
 * whole with {@code --archive}, the archive's half and the topic's in one job; every pipeline
 * equals the model over all events.
 */
class FlinkArchiveReplayTest {
  private static final GeneratorConfig EVENTS =
      GeneratorConfig.builder().events(10_000).seed(43).build();
  @TempDir static Path dir;
  private static Archived archived;
  private static Map<String, Map<String, List<String>>> replayed;

  @BeforeAll
  static void archiveCutAndReplay() throws Exception {
    archived =
        ArchiveScenario.archiveThenLoseFirstHalf(
            dir, EVENTS, "archived-flink", "--env=flink-local");
    replayed =
        archived
            .topic()
            .replay(
                PipelineModels.all(),
                dir.resolve("replay"),
                "--env=flink-local",
                archived.archiveArg());
  }

  static List<Model> pipelines() {
    return PipelineModels.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  void theArchiveThenTheTopic_replayTheWholeHistory(Model model) {
    assertEquals(model.expected().apply(archived.topic().events()), replayed.get(model.pipeline()));
  }
}
