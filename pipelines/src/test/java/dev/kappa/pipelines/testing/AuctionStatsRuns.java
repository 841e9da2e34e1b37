package dev.kappa.pipelines.testing;

import dev.kappa.pipelines.AuctionStatsPipeline;
import dev.kappa.pipelines.FixedWindowConfig;
import dev.kappa.pipelines.io.Edges;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Runs {@code auction-stats} into a results directory, with the source and runner the arguments
 * name: the same {@code build} the launcher calls, with jsonl results swapped in.
 */
public final class AuctionStatsRuns {
  public static final long WINDOW_SIZE_MS = 10_000;

  private AuctionStatsRuns() {}

  /** Over an events file, as a batch job. */
  public static PipelineResult run(Path events, Path results, String... runnerArgs) {
    List<String> args = new ArrayList<>(List.of(runnerArgs));
    args.add("--source=file:" + events);
    return runWith(results, args);
  }

  /** With any source options (e.g. the live generator: --streaming=true --events=N). */
  public static PipelineResult runWith(Path results, List<String> sourceAndRunnerArgs) {
    List<String> args = new ArrayList<>(sourceAndRunnerArgs);
    args.add("--sink=jsonl:" + results);
    args.add("--windowSizeSeconds=" + WINDOW_SIZE_MS / 1000);
    args.add("--progressSeconds=0");
    AuctionStatsPipeline.Options options =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
            .withValidation()
            .as(AuctionStatsPipeline.Options.class);
    Pipeline pipeline = Pipeline.create(options);
    AuctionStatsPipeline.build(pipeline, FixedWindowConfig.from(options), Edges.from(options));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    return result;
  }
}
