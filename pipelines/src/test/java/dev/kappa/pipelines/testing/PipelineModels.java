package dev.kappa.pipelines.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.pipelines.AuctionStatsPipelineTest;
import dev.kappa.pipelines.BidderSessionsPipelineTest;
import dev.kappa.pipelines.CategoryPricesPipelineTest;
import dev.kappa.pipelines.CleanBidsPipelineTest;
import dev.kappa.pipelines.HighestBidPipelineTest;
import dev.kappa.pipelines.HotAuctionsPipelineTest;
import dev.kappa.pipelines.LocalSellersPipelineTest;
import dev.kappa.pipelines.NewSellersPipelineTest;
import dev.kappa.pipelines.SellerPricesPipelineTest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * Every pipeline's model and how to read its final answers, so one parameterised test can run all
 * of them on a runner: expected(events file) must equal actual(results folder).
 */
public final class PipelineModels {
  /** Final answers from result rows (JSON objects): serializable, so PAssert can apply it. */
  public interface Answers extends SerializableFunction<List<JsonNode>, Map<String, List<String>>> {}

  /** One pipeline's reference computation and reader of final answers. */
  public record Model(
      String pipeline, Function<Path, Map<String, List<String>>> expected, Answers answers) {
    /** The final answers in a JSON lines results folder. */
    public Function<Path, Map<String, List<String>>> actual() {
      return results -> answers.apply(Panes.rows(results, "results"));
    }

    @Override
    public String toString() {
      return pipeline;
    }
  }

  private PipelineModels() {}

  /** The model of {@code pipeline}; none if nobody wrote one. */
  public static java.util.Optional<Model> of(String pipeline) {
    return all().stream().filter(model -> model.pipeline().equals(pipeline)).findFirst();
  }

  public static List<Model> all() {
    return List.of(
        new Model(
            "auction-stats",
            AuctionStatsPipelineTest::model,
            results ->
                Panes.lastPanes(results, AuctionStatsPipelineTest.KEY, AuctionStatsPipelineTest.VALUES)),
        new Model(
            "clean-bids",
            events -> CleanBidsPipelineTest.model(events, new BigDecimal("0.89"), Set.of()),
            results -> Panes.lastPanes(results, List.of(), CleanBidsPipelineTest.FIELDS)),
        new Model(
            "hot-auctions",
            HotAuctionsPipelineTest::model,
            results -> Panes.lastPanes(results, List.of(), HotAuctionsPipelineTest.VALUES)),
        new Model(
            "highest-bid",
            HighestBidPipelineTest::model,
            results -> Panes.lastPanes(results, List.of(), HighestBidPipelineTest.VALUES)),
        new Model(
            "category-prices",
            CategoryPricesPipelineTest::model,
            results ->
                Panes.lastPanes(
                    results, CategoryPricesPipelineTest.KEY, CategoryPricesPipelineTest.VALUES)),
        new Model(
            "seller-prices",
            SellerPricesPipelineTest::model,
            results ->
                Panes.lastPanes(
                    results, SellerPricesPipelineTest.KEY, SellerPricesPipelineTest.VALUES)),
        new Model(
            "new-sellers",
            NewSellersPipelineTest::model,
            results ->
                Panes.lastPanes(
                    results, NewSellersPipelineTest.KEY, NewSellersPipelineTest.VALUES)),
        new Model(
            "bidder-sessions",
            BidderSessionsPipelineTest::model,
            BidderSessionsPipelineTest::finalSessions),
        new Model(
            "local-sellers",
            LocalSellersPipelineTest::model,
            results -> Panes.lastPanes(results, List.of(), LocalSellersPipelineTest.VALUES)));
  }
}
