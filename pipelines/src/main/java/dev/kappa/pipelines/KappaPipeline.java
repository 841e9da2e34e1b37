package dev.kappa.pipelines;

import dev.kappa.pipelines.io.Edges;
import dev.kappa.pipelines.options.KappaOptions;
import dev.kappa.pipelines.serving.ServingTable;
import org.apache.beam.sdk.Pipeline;

/**
 * What the launcher knows of a pipeline: its CLI name, a one-line description, its options, how to
 * build it from them, and how its results sit in the serving database. Each pipeline class declares one as {@code DEFINITION}; register it
 * in {@link dev.kappa.launcher.PipelineRegistry}.
 */
public record KappaPipeline<O extends KappaOptions>(
    String name,
    String description,
    Class<O> optionsClass,
    ServingTable serving,
    GraphBuilder<O> graph) {

  /** Turns validated options into the pipeline's typed config and builds the graph. */
  @FunctionalInterface
  public interface GraphBuilder<O> {
    void build(Pipeline pipeline, O options, Edges edges);
  }

  public void build(Pipeline pipeline, O options, Edges edges) {
    graph.build(pipeline, options, edges);
  }
}
