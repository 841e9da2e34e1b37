package dev.kappa.launcher;

import dev.kappa.pipelines.KappaPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * What the commands that plan a run of a pipeline ({@code run}, {@code replay}, {@code reprocess},
 * {@code stop}, {@code verify}) take alike: the pipeline's name, the launcher's options ({@link
 * LaunchArguments}) and the pipeline's own, handed on to Beam.
 */
abstract class PipelineCommand implements Callable<Integer> {
  @Mixin private HelpOption help;

  @Parameters(index = "0", paramLabel = "PIPELINE", description = "A pipeline (kappa list).")
  private String pipeline;

  @Mixin private LaunchArguments launch;

  /** Picocli takes no {@code @Unmatched} from a mixin: collected here. */
  @Unmatched private List<String> pipelineOptions = new ArrayList<>();

  /** The pipeline named, or a usage error naming the valid ones. */
  KappaPipeline<?> definition() {
    return KnownPipelines.named(pipeline);
  }

  /** The run asked for, with {@code leading} options before the pipeline's own. */
  LaunchRequest request(String... leading) {
    return launch.request(pipelineOptions, leading);
  }
}
