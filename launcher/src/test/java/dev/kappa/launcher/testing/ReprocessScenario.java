package dev.kappa.launcher.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kappa.launcher.LauncherRuns;
import dev.kappa.pipelines.serving.ServingViews;
import dev.kappa.testing.AuctionStatsModel;
import dev.kappa.testing.LocalPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kreps' reprocessing end to end, on the runner {@code runnerArgs} name: {@code kappa reprocess}
 * writes auction-stats v1 (10 s windows) and readers get it; then v2 (20 s windows) replays the
 * topic from the earliest offset, catches up, passes the check and readers are switched to it.
 * Readers end on v2 with exactly the answers of a replay with v2's logic; v1's table is retained
 * (here for 0 hours), and the next reprocess drops it once its retention is over.
 */
public final class ReprocessScenario {
  private ReprocessScenario() {}

  public static void run(
      String topic, String bootstrapArg, LocalPostgres.Database database, String... runnerArgs)
      throws SQLException {
    switchesToANewVersion(topic, bootstrapArg, database, runnerArgs);
    dropsTheOldVersions(topic, bootstrapArg, database, runnerArgs);
  }

  /**
   * v1, then v2 with other windows: v2 catches up, is checked, readers are switched to it, and they
   * get exactly a replay's answers with v2's logic; v1 is retained.
   */
  public static void switchesToANewVersion(
      String topic, String bootstrapArg, LocalPostgres.Database database, String... runnerArgs)
      throws SQLException {
    LauncherRuns.command(reprocess(topic, bootstrapArg, database, "v1", "10", runnerArgs));
    assertEquals("auction_stats_v1", currentTable(database));

    String log =
        LauncherRuns.command(
            reprocess(
                topic, bootstrapArg, database, "v2", "20", with(runnerArgs, "--retainOldHours=0")));
    assertTrue(log.contains("switched view auction_stats to auction_stats_v2"), log);
    // Nothing is appended to the topic meanwhile: read past the log end at its start on every
    // partition means nothing left behind (the total alone, under --catchUpRecords=1000, would
    // let it switch up to 1,000 records short).
    assertTrue(log.contains("auction_stats_v2: 0 records behind the log end"), log);
    int caughtUp = log.indexOf("; caught up");
    assertTrue(caughtUp >= 0 && caughtUp < log.indexOf("switched view"), log);
    assertTrue(log.contains("retaining auction_stats_v1 for 0 h"), log);
    assertEquals("auction_stats_v2", currentTable(database));
    assertTrue(tables(database).contains("auction_stats_v1"), "old version retained");

    readersGetAReplaysAnswers(topic, bootstrapArg, database);
  }

  /** Readers get exactly what a replay of the topic with v2's 20 s windows writes. */
  private static void readersGetAReplaysAnswers(
      String topic, String bootstrapArg, LocalPostgres.Database database, String... more)
      throws SQLException {
    List<String> replay =
        new ArrayList<>(
            List.of(
                "replay",
                "auction-stats",
                "--env=direct",
                "--version=expected",
                "--windowSizeSeconds=20",
                "--source=kafka:" + topic,
                bootstrapArg,
                "--sink=" + database.url(),
                "--progressSeconds=0"));
    replay.addAll(List.of(more));
    LauncherRuns.command(replay.toArray(new String[0]));
    assertEquals(
        rows(database, AuctionStatsModel.servedAnswers("auction_stats_expected")),
        rows(database, AuctionStatsModel.servedAnswers("auction_stats")));
  }

  /**
   * After {@link #switchesToANewVersion}, v3 with --dropOld: v1's retention is over, so this
   * reprocess drops it first; v2 goes too.
   */
  private static void dropsTheOldVersions(
      String topic, String bootstrapArg, LocalPostgres.Database database, String... runnerArgs)
      throws SQLException {
    String third =
        LauncherRuns.command(
            reprocess(topic, bootstrapArg, database, "v3", "10", with(runnerArgs, "--dropOld")));
    assertTrue(
        third.contains("dropped auction_stats_v1 (its retention after a reprocess is" + " over)"),
        third);
    assertTrue(third.contains("dropped auction_stats_v2 (stop the job"), third);
    assertEquals("auction_stats_v3", currentTable(database));
    assertFalse(tables(database).contains("auction_stats_v1"));
    assertFalse(tables(database).contains("auction_stats_v2"));
  }

  /**
   * Reprocessing after retention has cut the topic ({@link ArchiveScenario}): v1 on Direct, then v2
   * (20 s windows) on the runner {@code runnerArgs} name, both with {@code --archive}. v2 reads the
   * archive's part and the topic's, catches up with v1, is switched to, and readers get exactly a
   * replay of the whole history with v2's logic.
   */
  public static void readsWhatRetentionCutFromTheArchive(
      ArchiveScenario.Archived archived, LocalPostgres.Database database, String... runnerArgs)
      throws SQLException {
    String topic = archived.topic().topic();
    String bootstrapArg = archived.topic().bootstrapArg();
    LauncherRuns.command(
        reprocess(
            topic, bootstrapArg, database, "v1", "10", "--env=direct", archived.archiveArg()));
    String log =
        LauncherRuns.command(
            reprocess(
                topic,
                bootstrapArg,
                database,
                "v2",
                "20",
                with(runnerArgs, archived.archiveArg(), "--retainOldHours=0")));
    assertTrue(log.contains("switched view auction_stats to auction_stats_v2"), log);
    readersGetAReplaysAnswers(topic, bootstrapArg, database, archived.archiveArg());
  }

  private static Set<String> tables(LocalPostgres.Database database) throws SQLException {
    return rows(database, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()");
  }

  private static String[] with(String[] args, String... more) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }

  private static String[] reprocess(
      String topic,
      String bootstrapArg,
      LocalPostgres.Database database,
      String version,
      String windowSeconds,
      String... runnerArgs) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "reprocess",
                "auction-stats",
                "--version=" + version,
                "--windowSizeSeconds=" + windowSeconds,
                "--source=kafka:" + topic,
                bootstrapArg,
                "--sink=" + database.url(),
                "--stopAfterSwitch",
                "--catchUpTimeoutSeconds=300",
                "--progressSeconds=0"));
    args.addAll(List.of(runnerArgs));
    return args.toArray(new String[0]);
  }

  private static String currentTable(LocalPostgres.Database database) throws SQLException {
    try (Connection connection = database.connect()) {
      return ServingViews.currentTable(connection, "auction-stats").orElseThrow();
    }
  }

  private static Set<String> rows(LocalPostgres.Database database, String sql) throws SQLException {
    return new TreeSet<>(database.rows(sql));
  }
}
