package dev.kappa.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.pipelines.KappaPipeline;
import dev.kappa.pipelines.PipelineRegistry;
import dev.kappa.pipelines.options.KappaOptions;
import dev.kappa.testing.EventFiles;
import dev.kappa.testing.FinalPanes;
import dev.kappa.testing.PipelineModels;
import dev.kappa.testing.TestEdges;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered pipeline, built with its default options between test edges (no launcher, no
 * files written), as a batch and as a stream with early panes: its final answers must equal its
 * plain-Java model. A pipeline registered without a model fails here.
 */
@ExtendWith(TestPipelineExtension.class)
class EveryPipelineTest {
  private static final GeneratorConfig EVENTS =
      GeneratorConfig.builder().events(10_000).seed(29).build();

  static Stream<KappaPipeline<?>> pipelines() {
    return PipelineRegistry.all().stream();
  }

  @Test
  void everyRegisteredPipelineHasAModel_andEveryModelAPipeline() {
    assertEquals(
        PipelineRegistry.all().stream()
            .map(KappaPipeline::name)
            .sorted()
            .collect(Collectors.toList()),
        PipelineModels.all().stream()
            .map(PipelineModels.Model::pipeline)
            .sorted()
            .collect(Collectors.toList()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  void asABatch_finalAnswersEqualTheModel(
      KappaPipeline<?> definition, TestPipeline pipeline, @TempDir Path dir) throws Exception {
    Path events = EventFiles.write(dir.resolve("events.jsonl"), EVENTS);
    assertBuiltAnswersEqualTheModel(definition, pipeline, events, TestEdges.ofFile(events));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  void asAStreamWithEarlyPanes_finalAnswersEqualTheModel(
      KappaPipeline<?> definition, TestPipeline pipeline, @TempDir Path dir) throws Exception {
    Path events = EventFiles.write(dir.resolve("events.jsonl"), EVENTS);
    assertBuiltAnswersEqualTheModel(definition, pipeline, events, TestEdges.streamOfFile(events));
  }

  private static <O extends KappaOptions> void assertBuiltAnswersEqualTheModel(
      KappaPipeline<O> definition, TestPipeline pipeline, Path events, TestEdges edges) {
    PipelineModels.Model model = PipelineModels.of(definition.name()).orElseThrow();
    O defaults = PipelineOptionsFactory.as(definition.optionsClass());

    PCollection<?> results = definition.build(pipeline, defaults, edges);

    FinalPanes.assertEqual(model.expected().apply(events), model.answers(), results);
    pipeline.run().waitUntilFinish();
    assertEquals(List.of(results), edges.written(), "the results go to the sink");
  }
}
