package dev.kappa.pipelines;

import dev.kappa.pipelines.io.Edges;
import dev.kappa.pipelines.options.KappaOptions;
import org.apache.beam.sdk.Pipeline;

/**
 * What the launcher knows of a pipeline: its CLI name, a one-line description, its options, and
 * how to build it from them. Register new pipelines in {@link dev.kappa.launcher.PipelineRegistry}.
 */
public interface KappaPipeline<O extends KappaOptions> {
  String name();

  String description();

  Class<O> optionsClass();

  /** Turns validated options into typed config and builds the graph between the edges. */
  void build(Pipeline pipeline, O options, Edges edges);
}
