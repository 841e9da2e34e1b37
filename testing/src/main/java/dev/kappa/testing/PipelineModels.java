package dev.kappa.testing;

import com.fasterxml.jackson.databind.JsonNode;
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
  public interface Answers
      extends SerializableFunction<List<JsonNode>, Map<String, List<String>>> {}

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
            AuctionStatsModel::model,
            results -> Panes.lastPanes(results, AuctionStatsModel.KEY, AuctionStatsModel.VALUES)),
        new Model(
            "clean-bids",
            events -> CleanBidsModel.model(events, new BigDecimal("0.89"), Set.of()),
            results -> Panes.lastPanes(results, List.of(), CleanBidsModel.FIELDS)),
        new Model(
            "hot-auctions",
            HotAuctionsModel::model,
            results -> Panes.lastPanes(results, List.of(), HotAuctionsModel.VALUES)),
        new Model(
            "highest-bid",
            HighestBidModel::model,
            results -> Panes.lastPanes(results, List.of(), HighestBidModel.VALUES)),
        new Model(
            "category-prices",
            CategoryPricesModel::model,
            results ->
                Panes.lastPanes(results, CategoryPricesModel.KEY, CategoryPricesModel.VALUES)),
        new Model(
            "seller-prices",
            SellerPricesModel::model,
            results -> Panes.lastPanes(results, SellerPricesModel.KEY, SellerPricesModel.VALUES)),
        new Model(
            "new-sellers",
            NewSellersModel::model,
            results -> Panes.lastPanes(results, NewSellersModel.KEY, NewSellersModel.VALUES)),
        new Model(
            "bidder-sessions", BidderSessionsModel::model, BidderSessionsModel::finalSessions),
        new Model(
            "local-sellers",
            LocalSellersModel::model,
            results -> Panes.lastPanes(results, List.of(), LocalSellersModel.VALUES)));
  }
}
