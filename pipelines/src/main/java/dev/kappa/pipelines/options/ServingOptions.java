package dev.kappa.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The serving layer: which version of a pipeline's results a run writes, and how it waits. */
public interface ServingOptions extends PipelineOptions {
  @Description(
      "The version of the results a jdbc: sink writes: table PIPELINE_VERSION (auction_stats_v1);"
          + " readers query the view PIPELINE, which 'kappa reprocess' switches between versions.")
  @Default.String("v1")
  String getVersion();

  void setVersion(String version);

  @Description(
      "How long (s) a job waits for the serving database to come back when it goes away while"
          + " results are written; then the run fails rather than leave rows out.")
  @Default.Integer(60)
  int getServingRetrySeconds();

  void setServingRetrySeconds(int seconds);
}
