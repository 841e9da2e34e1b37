package dev.kappa.pipelines;

import dev.kappa.model.Event;
import dev.kappa.windowing.Lateness;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollection;

/**
 * The two ends of a pipeline, the only parts that change between a live run, a replay and a test:
 * typed events in (decoded, stamped with their event time) and results out. The launcher passes
 * {@link dev.kappa.pipelines.io.ConfiguredEdges} (the {@code --source}, {@code --sink} and {@code
 * --deadLetters} of a run); a test passes its own source, a {@code TestStream} or {@code Create},
 * and asserts on what {@code build(...)} returns.
 */
public interface Edges {
  /**
   * The events of this run, ready to window: their timestamps are their event times. Those too late
   * for the pipeline's windows ({@code lateness}) go to the dead letters instead.
   */
  PCollection<Event> readEvents(Pipeline pipeline, Lateness lateness);

  /** Writes schema'd results, one row per pane. */
  <T> void writeResults(PCollection<T> results);
}
