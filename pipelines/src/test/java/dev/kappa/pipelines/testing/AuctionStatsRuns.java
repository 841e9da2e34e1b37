package dev.kappa.pipelines.testing;

import dev.kappa.pipelines.AuctionStatsPipeline;
import dev.kappa.pipelines.io.Edges;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Runs {@code auction-stats} over an events file into a results directory on the runner the
 * arguments name: the same {@code build} the launcher calls, with the file edges swapped in.
 */
public final class AuctionStatsRuns {
  public static final long WINDOW_SIZE_MS = 10_000;

  private AuctionStatsRuns() {}

  public static PipelineResult run(Path events, Path results, String... runnerArgs) {
    List<String> args = new ArrayList<>(List.of(runnerArgs));
    args.add("--source=file:" + events);
    args.add("--sink=jsonl:" + results);
    args.add("--windowSizeSeconds=" + WINDOW_SIZE_MS / 1000);
    args.add("--progressSeconds=0");
    AuctionStatsPipeline.Options options =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
            .withValidation()
            .as(AuctionStatsPipeline.Options.class);
    Pipeline pipeline = Pipeline.create(options);
    AuctionStatsPipeline.build(
        pipeline, AuctionStatsPipeline.Config.from(options), Edges.from(options));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    return result;
  }
}
