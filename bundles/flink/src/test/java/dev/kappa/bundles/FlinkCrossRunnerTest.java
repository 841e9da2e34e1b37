package dev.kappa.bundles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.LauncherRuns;
import dev.kappa.testing.EventFiles;
import dev.kappa.testing.Panes;
import dev.kappa.testing.PipelineModels;
import dev.kappa.testing.PipelineModels.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pipeline on embedded Flink ([local], parallelism 2): the same 100,000 generated events give
 * the final answers of the pipeline's plain-Java model, as they do on the DirectRunner (the
 * pipelines module's tests). A live run over the generator (unbounded, ending after 20,000 events,
 * 0.1% late within the allowed lateness) gives the final answers of the same events replayed from a
 * file. All pipelines run as one batch job and one streaming job; each is checked on its own.
 */
class FlinkCrossRunnerTest {
  private static final GeneratorConfig LIVE =
      GeneratorConfig.builder().events(20_000).seed(29).build();
  @TempDir static Path dir;
  private static Path events;
  private static Path liveEvents;

  @BeforeAll
  static void runEveryPipelineAsABatchAndAsAStream() throws IOException {
    events =
        EventFiles.write(
            dir.resolve("events.jsonl"), GeneratorConfig.builder().events(100_000).build());
    liveEvents = EventFiles.write(dir.resolve("live-events.jsonl"), LIVE);
    LauncherRuns.together(
        LauncherRuns.everyPipeline(
            dir.resolve("batch"), "--env=flink-local", "--source=file:" + events),
        false);
    LauncherRuns.together(
        LauncherRuns.everyPipeline(
            dir.resolve("streaming"),
            "--env=flink-local",
            "--streaming=true",
            "--events=" + LIVE.events(),
            "--seed=" + LIVE.seed()),
        false);
  }

  static List<Model> pipelines() {
    return PipelineModels.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  void batchOnEmbeddedFlink_givesTheModelsFinalAnswers(Model model) {
    Path results = dir.resolve("batch").resolve(model.pipeline());

    assertEquals(model.expected().apply(events), model.actual().apply(results));
    System.out.println(model + " Flink batch pane labels: " + Panes.timingLabels(results));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  void streamingOnEmbeddedFlink_givesTheFinalAnswersOfTheSameEventsReplayed(Model model) {
    Path results = dir.resolve("streaming").resolve(model.pipeline());

    assertEquals(model.expected().apply(liveEvents), model.actual().apply(results));
    System.out.println(model + " Flink streaming pane labels: " + Panes.timingLabels(results));
  }
}
