package dev.kappa.launcher.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.LauncherRuns;
import dev.kappa.launcher.serving.ServingReader;
import dev.kappa.launcher.serving.ServingReader.TooLateRecord;
import dev.kappa.pipelines.serving.JdbcTarget;
import dev.kappa.pipelines.serving.ServingViews;
import dev.kappa.testing.EventFiles;
import dev.kappa.testing.LocalKafka;
import dev.kappa.testing.LocalPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.joda.time.Instant;

/**
 * {@code kappa verify} end to end: a topic, live versions of a pipeline that ran over it ({@code
 * kappa reprocess}, stopped once its table is quiet), and verify runs against them.
 */
public final class VerifyScenario {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The versions verified here have stopped ({@link #runLive}): verify need not wait for them to
   * read on (on the DirectRunner their committed offsets stay a few records short of the end).
   */
  public static final String STOPPED_VERSION_NO_WAIT = "--readWaitSeconds=0";

  private final String topic;
  private final Path eventsFile;
  private final long events;
  private final String bootstrap;
  private final LocalPostgres.Database database;

  private VerifyScenario(
      String topic,
      Path eventsFile,
      long events,
      String bootstrap,
      LocalPostgres.Database database) {
    this.topic = topic;
    this.eventsFile = eventsFile;
    this.events = events;
    this.bootstrap = bootstrap;
    this.database = database;
  }

  /**
   * {@code events} events, 20 per second of event time (3,000: 150 s, 15 windows of 10 s; a few
   * late bids, all within the allowed lateness), on a new topic of two partitions.
   */
  public static VerifyScenario produce(
      Path dir, String topic, long events, LocalPostgres.Database database) throws IOException {
    return produce(dir, topic, twentyPerSecond(events).build(), database);
  }

  /** {@code events} events, 20 per second of event time, as a builder to change more. */
  public static GeneratorConfig.Builder twentyPerSecond(long events) {
    return GeneratorConfig.builder().events(events).eventsPerSecond(20).seed(11);
  }

  /** The events {@code config} generates on a new topic of two partitions. */
  public static VerifyScenario produce(
      Path dir, String topic, GeneratorConfig config, LocalPostgres.Database database)
      throws IOException {
    long events = config.events();
    Path file = EventFiles.write(dir.resolve(topic + ".jsonl"), config);
    String bootstrap = "--bootstrapServers=" + LocalKafka.bootstrapServers();
    LauncherRuns.command(
        "produce", "--topic=" + topic, "--partitions=2", "--from=file:" + file, bootstrap);
    return new VerifyScenario(topic, file, events, bootstrap, database);
  }

  /**
   * Appends the topic's first bid to it once more: a record in its first window that no live
   * version which has already read the topic has read.
   */
  public void appendFirstBidAgain() throws IOException {
    String firstBid =
        Files.readAllLines(eventsFile).stream()
            .filter(line -> line.contains("\"type\":\"bid\""))
            .findFirst()
            .orElseThrow();
    Path again = eventsFile.resolveSibling(topic + "-again.jsonl");
    Files.writeString(again, firstBid + "\n");
    LauncherRuns.command("produce", "--topic=" + topic, "--from=file:" + again, bootstrap);
  }

  /**
   * Runs version {@code version} live over the whole topic until its table is quiet ({@code kappa
   * reprocess}, which switches readers to it); returns what reprocess printed.
   */
  public String runLive(String pipeline, String version, String... runnerArgs) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "reprocess",
                pipeline,
                "--version=" + version,
                "--source=kafka:" + topic,
                bootstrap,
                "--sink=" + database.url(),
                "--stopAfterSwitch",
                "--catchUpTimeoutSeconds=300",
                "--progressSeconds=0"));
    args.addAll(List.of(runnerArgs));
    return LauncherRuns.command(args.toArray(new String[0]));
  }

  /** {@code kappa verify PIPELINE} of this topic and database, with {@code more}. */
  public LauncherRuns.Printed verify(String pipeline, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "verify",
                pipeline,
                "--source=kafka:" + topic,
                bootstrap,
                "--sink=" + database.url(),
                "--progressSeconds=0"));
    args.addAll(List.of(more));
    return LauncherRuns.attemptPrinting(args.toArray(new String[0]));
  }

  /**
   * Verify of {@code version} passes: rows compared, every one equal, exit 0, the scratch table
   * dropped; returns the report.
   */
  public JsonNode verifiesClean(String pipeline, String version, String... runnerArgs)
      throws IOException, SQLException {
    List<String> args =
        new ArrayList<>(List.of("--version=" + version, STOPPED_VERSION_NO_WAIT, "--json"));
    args.addAll(List.of(runnerArgs));
    LauncherRuns.Printed verified = verify(pipeline, args.toArray(new String[0]));
    assertEquals(0, verified.exitCode(), verified.stdout() + verified.stderr());
    JsonNode report = JSON.readTree(verified.stdout());
    assertTrue(report.get("verified").asBoolean(), report.toString());
    assertEquals(events, report.get("recordsReplayed").asLong(), report.toString());
    assertTrue(report.get("rowsCompared").asLong() > 0, report.toString());
    assertEquals(report.get("rowsCompared").asLong(), report.get("equal").asLong());
    String scratch = ServingViews.viewName(pipeline).replace("_", "\\_") + "\\_verify%";
    assertEquals(
        List.of("0"),
        database.rows("SELECT count(*) FROM pg_tables WHERE tablename LIKE '" + scratch + "'"),
        "the replay's scratch table is dropped");
    return report;
  }

  /**
   * Events of which 2% are up to a minute late, for {@link #explainsTooLateRecords}: with no
   * allowed lateness, many are too late for their windows.
   */
  public static GeneratorConfig lateEvents() {
    return twentyPerSecond(3_000).seed(12).lateFraction(0.02).maxLateMs(60_000).build();
  }

  /**
   * On a topic of {@link #lateEvents}: a live {@code auction-stats} with no allowed lateness sends
   * the records too late for their windows to its dead letters; verify names them as the cause of
   * the differences, every one of them the cause of one, nothing unexplained (exit 0), and advises
   * a lateness; returns it, as {@code --allowedLatenessSeconds=S}.
   */
  public String explainsTooLateRecords(String... runnerArgs) throws IOException, SQLException {
    runLive("auction-stats", "late", with(runnerArgs, "--allowedLatenessSeconds=0"));
    LauncherRuns.Printed verified =
        verify(
            "auction-stats",
            with(
                runnerArgs,
                "--version=late",
                "--allowedLatenessSeconds=0",
                STOPPED_VERSION_NO_WAIT,
                "--json"));
    assertEquals(0, verified.exitCode(), verified.stdout() + verified.stderr());
    JsonNode report = JSON.readTree(verified.stdout());
    long tooLate = report.get("tooLateRecords").asLong();
    assertTrue(tooLate > 0, report.toString());
    assertEquals(0, report.get("unexplained").asLong(), report.toString());
    assertTrue(report.get("different").asLong() + report.get("onlyReplay").asLong() > 0);
    assertEquals(0, report.get("onlyLive").asLong(), report.toString());
    // Every dead letter of the live version is a record too late, and each one in a window final
    // in the live version explains a difference. One in the newest windows may already be a dead
    // letter while its window is not final yet: the watermark read off the table trails the job's.
    List<TooLateRecord> deadLetters =
        new ServingReader(JdbcTarget.parse(database.url())).tooLateRecords("auction-stats", "late");
    assertEquals(
        report.get("deadLetters").get("live").asLong(), deadLetters.size(), report.toString());
    Instant watermark = Instant.parse(report.get("liveWatermarkAtLeast").asText());
    long inFinalWindows =
        deadLetters.stream().filter(r -> r.expired().windowEnd().isBefore(watermark)).count();
    assertEquals(inFinalWindows, tooLate, report.toString());
    for (JsonNode difference : report.get("differences")) {
      assertEquals("too late", difference.get("cause").asText(), difference.toString());
    }
    return "--allowedLatenessSeconds=" + report.get("latenessToKeepSeconds").asLong();
  }

  /**
   * {@link #explainsTooLateRecords}, then a second live version with the lateness verify advised:
   * it has no record too late and equals the replay.
   */
  public void explainsTooLateRecordsThenKeepsThem(String... runnerArgs)
      throws IOException, SQLException {
    String keep = explainsTooLateRecords(runnerArgs);
    runLive("auction-stats", "kept", with(runnerArgs, keep));
    JsonNode kept = verifiesClean("auction-stats", "kept", with(runnerArgs, keep));
    assertEquals(0, kept.get("deadLetters").get("live").asLong(), kept.toString());
    assertEquals(0, kept.get("different").asLong(), kept.toString());
  }

  private static String[] with(String[] args, String... more) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }

  /**
   * Copies version {@code from}'s table as version {@code to} with one final row's bid count raised
   * by one; returns that row's auction.
   */
  public long copyWithOneRowChanged(String from, String to) throws SQLException {
    String copy = "auction_stats_" + to;
    execute("CREATE TABLE " + copy + " AS SELECT * FROM auction_stats_" + from);
    String[] auctionAndWindow =
        database
            .rows(
                "SELECT auction || ' ' || window_start FROM "
                    + copy
                    + " ORDER BY window_start, auction LIMIT 1")
            .get(0)
            .split(" ");
    execute(
        "UPDATE "
            + copy
            + " SET bids = bids + 1 WHERE auction = "
            + auctionAndWindow[0]
            + " AND window_start = "
            + auctionAndWindow[1]);
    return Long.parseLong(auctionAndWindow[0]);
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
