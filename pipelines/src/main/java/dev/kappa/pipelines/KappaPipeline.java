package dev.kappa.pipelines;

import dev.kappa.pipelines.options.KappaOptions;
import dev.kappa.pipelines.serving.ServingTable;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollection;

/**
 * What the launcher knows of a pipeline: its CLI name, a one-line description, its options, how to
 * build it from them, and how its results sit in the serving database. Each pipeline class declares
 * one as {@code DEFINITION}; the launcher's {@code PipelineRegistry} lists them.
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
    PCollection<?> build(Pipeline pipeline, O options, Edges edges);
  }

  /** Builds the pipeline between {@code edges}; returns its results (also written to the edges). */
  public PCollection<?> build(Pipeline pipeline, O options, Edges edges) {
    return graph.build(pipeline, options, edges);
  }
}
