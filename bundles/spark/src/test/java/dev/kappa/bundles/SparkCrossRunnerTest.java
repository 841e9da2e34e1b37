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
 * Every pipeline on Spark local[2]: the same 100,000 generated events give the final answers of the
 * pipeline's plain-Java model, as they do on the DirectRunner (the pipelines module's tests). All
 * pipelines run as one batch job, each checked on its own. Tests use TestSparkRunner: plain
 * SparkRunner returns before the job ends and keeps its context.
 */
class SparkCrossRunnerTest {
  @TempDir static Path dir;
  private static Path events;

  @BeforeAll
  static void runEveryPipelineAsABatch() throws IOException {
    events =
        EventFiles.write(
            dir.resolve("events.jsonl"), GeneratorConfig.builder().events(100_000).build());
    LauncherRuns.together(
        LauncherRuns.everyPipeline(
            dir.resolve("batch"),
            "--env=spark-local",
            "--runner=TestSparkRunner",
            "--source=file:" + events),
        false);
  }

  static List<Model> pipelines() {
    return PipelineModels.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  void batchOnSparkLocal_givesTheModelsFinalAnswers(Model model) {
    Path results = dir.resolve("batch").resolve(model.pipeline());

    assertEquals(model.expected().apply(events), model.actual().apply(results));
    System.out.println(model + " Spark batch pane labels: " + Panes.timingLabels(results));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  void liveRunOnSpark_isRefusedAtStartWithOneSentence(Model model) {
    LauncherRuns.Outcome outcome =
        LauncherRuns.attempt(
            model.pipeline(),
            dir.resolve(model.pipeline() + "-live"),
            "--env=spark-local",
            "--streaming=true");

    assertEquals(2, outcome.exitCode(), outcome.stderr());
    assertEquals(
        "kappa: the Spark runner cannot run live (unbounded) sources: its streaming mode lacks"
            + " the early and late trigger firings Kappa's results need and does not finish when"
            + " a stream ends; run live on --env=direct or --env=flink-local, and replay on Spark"
            + " as a batch job\n",
        outcome.stderr());
  }
}
