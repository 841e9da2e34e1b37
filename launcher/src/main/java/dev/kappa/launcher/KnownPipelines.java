package dev.kappa.launcher;

import dev.kappa.pipelines.KappaPipeline;
import dev.kappa.pipelines.PipelineRegistry;

/** A pipeline named on the command line, or a usage error naming the valid ones. */
final class KnownPipelines {
  private KnownPipelines() {}

  static KappaPipeline<?> named(String name) {
    return PipelineRegistry.byName(name)
        .orElseThrow(
            () ->
                new UsageException(
                    "unknown pipeline '"
                        + name
                        + "' (pipelines: "
                        + PipelineRegistry.names()
                        + ")"));
  }
}
