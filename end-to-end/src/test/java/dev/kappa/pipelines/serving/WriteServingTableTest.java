package dev.kappa.pipelines.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.results.AuctionStats;
import dev.kappa.results.BidderSession;
import dev.kappa.results.HotAuction;
import dev.kappa.testing.LocalPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The serving table's replace rules, pane by pane, against a real PostgreSQL: each write is one
 * pipeline run, in the order a live job, or a job restored from a checkpoint, would write them.
 */
class WriteServingTableTest {
  private LocalPostgres.Database database;

  @BeforeEach
  void createDatabase() {
    database = LocalPostgres.createDatabase();
  }

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  @Test
  void eachPaneReplacesTheWholeWindow() throws Exception {
    ServingTable hottest = ServingTable.wholeWindowsKeyedBy("auction");
    write(hottest, "hot-auctions", List.of(hot(7, 3, "EARLY", 0), hot(8, 3, "EARLY", 0)));
    assertEquals(List.of("7 3 EARLY", "8 3 EARLY"), rows("hot_auctions", "auction, bids, timing"));

    write(hottest, "hot-auctions", List.of(hot(9, 5, "ON_TIME", 1)));
    assertEquals(List.of("9 5 ON_TIME"), rows("hot_auctions", "auction, bids, timing"));
  }

  /**
   * After a restore from a checkpoint the job fires its panes again, in order, from the
   * checkpointed state; their indexes may be lower than those the failed attempt had written (early
   * firings differ between attempts), and the last one written is the final answer.
   */
  @Test
  void afterARestoreTheLastPaneWrittenWinsWhateverItsIndex() throws Exception {
    ServingTable perAuction = ServingTable.keyedBy("auction");
    write(perAuction, "auction-stats", List.of(stats(7, 41, "EARLY", 3)));
    write(perAuction, "auction-stats", List.of(stats(7, 40, "EARLY", 1)));
    assertEquals(List.of("7 40 EARLY"), rows("auction_stats", "auction, bids, timing"));

    ServingTable hottest = ServingTable.wholeWindowsKeyedBy("auction");
    write(hottest, "hot-auctions", List.of(hot(7, 3, "ON_TIME", 2), hot(8, 3, "ON_TIME", 2)));
    write(hottest, "hot-auctions", List.of(hot(9, 4, "EARLY", 1)));
    assertEquals(List.of("9 4 EARLY"), rows("hot_auctions", "auction, bids, timing"));
  }

  @Test
  void aMergedSessionReplacesTheSessionsItAbsorbedAndTheyNeverComeBack() throws Exception {
    ServingTable sessions = ServingTable.sessionsKeyedBy("bidder");
    write(
        sessions,
        "bidder-sessions",
        List.of(session(1, 2, 0, 10_000), session(1, 1, 20_000, 30_000), session(2, 4, 0, 10_000)));
    write(sessions, "bidder-sessions", List.of(session(1, 4, 0, 30_000)));
    List<String> merged = List.of("1 4 0 30000", "2 4 0 10000");
    String columns = "bidder, bids, window_start, window_end";
    assertEquals(merged, rows("bidder_sessions", columns));

    write(sessions, "bidder-sessions", List.of(session(1, 2, 0, 10_000)));
    assertEquals(merged, rows("bidder_sessions", columns));
  }

  @Test
  void theViewNamedAfterThePipelinePointsAtTheFirstVersionWritten() throws Exception {
    write(
        ServingTable.wholeWindowsKeyedBy("auction"),
        "hot-auctions",
        List.of(hot(9, 5, "ON_TIME", 0)));
    try (Connection connection = database.connect()) {
      assertEquals(
          "hot_auctions_v1", ServingViews.currentTable(connection, "hot-auctions").orElseThrow());
    }
  }

  private <T> void write(ServingTable serving, String pipeline, List<T> rows) {
    Pipeline pipe = Pipeline.create(PipelineOptionsFactory.create());
    pipe.apply(Create.of(rows))
        .apply(
            WriteServingTable.to(
                JdbcTarget.parse(database.url()), pipeline, "v1", serving, "resultsWritten"));
    pipe.run().waitUntilFinish();
  }

  private List<String> rows(String view, String columns) throws SQLException {
    return database.rows("SELECT " + columns + " FROM " + view + " ORDER BY " + columns);
  }

  private static HotAuction hot(long auction, long bids, String timing, long paneIndex) {
    return HotAuction.create(auction, bids, 0, 10_000, timing, paneIndex, false);
  }

  private static AuctionStats stats(long auction, long bids, String timing, long paneIndex) {
    return AuctionStats.create(auction, bids, 100, 100 * bids, 0, 10_000, timing, paneIndex, false);
  }

  private static BidderSession session(long bidder, long bids, long start, long end) {
    return BidderSession.create(bidder, bids, start, end, "ON_TIME", 0, true);
  }
}
