package dev.kappa.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.pipelines.PipelineRegistry;
import dev.kappa.testing.AuctionStatsModel;
import dev.kappa.testing.LocalPostgres;
import dev.kappa.testing.LocalScripts;
import dev.kappa.testing.Panes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code kappa} command as a user types it, in-process, against the repo's profiles. */
class KappaTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Kappa kappa =
      new Kappa(
          REPO, LauncherRuns.TEST_PROFILE, new PrintStream(out, true), new PrintStream(err, true));

  private int kappa(String... args) {
    return kappa.execute(List.of(args));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void listShowsEachPipelineWithItsDescription() {
    assertEquals(0, kappa("list"));
    assertTrue(stdout().startsWith("auction-stats    Bids, highest and total price"), stdout());
    assertEquals(PipelineRegistry.all().size(), stdout().lines().count(), stdout());
  }

  @Test
  void helpShowsOptionsWithDescriptionsAndDefaults() {
    assertEquals(0, kappa("help", "auction-stats"));
    assertTrue(stdout().contains("--windowSizeSeconds (default: 10)"), stdout());
    assertTrue(stdout().contains("--accumulation (default: accumulating)"), stdout());
    assertTrue(stdout().contains("--source (default: generator)"), stdout());
  }

  @Test
  void summaryJson_isOneLineWhoseCountersBalance(@TempDir Path dir) throws Exception {
    assertEquals(
        0,
        kappa(
            "run",
            "clean-bids",
            "--events=2000",
            "--sink=jsonl:" + dir,
            "--progressSeconds=0",
            "--summary=json"));
    String last = stderr().lines().reduce((first, second) -> second).orElseThrow();
    JsonNode summary = new ObjectMapper().readTree(last);
    JsonNode decoded = summary.get("decoded");

    assertEquals("clean-bids", summary.get("pipeline").asText());
    assertEquals("DONE", summary.get("state").asText());
    assertEquals(2000, summary.get("recordsRead").asLong());
    assertEquals(
        2000,
        decoded.get("persons").asLong()
            + decoded.get("auctions").asLong()
            + decoded.get("bids").asLong()
            + summary.get("deadLetters").asLong());
    assertEquals(decoded.get("bids").asLong(), summary.get("resultsWritten").asLong());
  }

  @Test
  void anUnknownSummaryForm_isAUsageError() {
    assertEquals(2, kappa("run", "clean-bids", "--events=10", "--summary=xml"));
    assertEquals("kappa: --summary must be 'text' or 'json', got 'xml'\n", stderr());
  }

  @Test
  void verifyOfAPipelineWithoutWindows_isAUsageError() {
    assertEquals(
        2, kappa("verify", "clean-bids", "--source=kafka:bids", "--sink=jdbc:postgresql://h/db"));
    assertEquals(
        "kappa: verify compares results per window; clean-bids has no windows\n", stderr());
  }

  @Test
  void unknownPipeline_isOneLineNamingTheValidOnes() {
    assertEquals(2, kappa("run", "auction-statz"));
    String names =
        PipelineRegistry.all().stream().map(p -> p.name()).collect(Collectors.joining(", "));
    assertEquals("kappa: unknown pipeline 'auction-statz' (pipelines: " + names + ")\n", stderr());
  }

  @Test
  void unknownProfile_isOneLineNamingTheValidOnes() {
    assertEquals(2, kappa("run", "auction-stats", "--env=flink-remote"));
    assertEquals(
        "kappa: unknown profile 'flink-remote' (profiles: direct, flink-cluster, flink-local,"
            + " spark-cluster, spark-local)\n",
        stderr());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "flink-cluster, --flinkMaster=, localhost, Flink session cluster",
    "spark-cluster, --sparkMaster=spark://, 127.0.0.1, Spark standalone cluster",
  })
  void aClusterThatDoesNotAnswer_isOneLineSayingHowToStartIt(
      String profile, String masterOption, String host, String cluster) {
    String address = host + ":" + LocalScripts.freePort();
    assertEquals(2, kappa("run", "auction-stats", "--env=" + profile, masterOption + address));
    assertEquals(
        "kappa: no "
            + cluster
            + " answers at "
            + address
            + "; start the local one with"
            + " 'runners-config/local/"
            + profile
            + " start', or point the profile at yours\n",
        stderr());
  }

  /**
   * Whatever directory a missing input names, the refusal is one line, before the job starts (the
   * timeout guards against a hang only; how fast a refusal comes is not a test's to judge).
   */
  @Test
  @Timeout(120)
  void anInputThatMatchesNothing_isOneLineBeforeTheJobStarts(@TempDir Path dir) {
    for (String source :
        List.of("/nonexistent", "missing.jsonl", dir + "/*.nothing", dir + "/missing/*.jsonl")) {
      err.reset();
      assertEquals(2, kappa("run", "auction-stats", "--source=file:" + source), stderr());
      assertEquals(1, stderr().lines().count(), stderr());
      assertTrue(stderr().startsWith("kappa: --source=file:" + source), stderr());
    }
  }

  /** The refusal says the broker did not answer within 10 s; the timeout guards a hang only. */
  @Test
  @Timeout(120)
  void aBrokerThatDoesNotAnswer_isOneLine() {
    int closedPort = LocalScripts.freePort();
    for (String command : List.of("replay", "run")) {
      err.reset();
      assertEquals(
          2,
          kappa(
              command,
              "auction-stats",
              "--source=kafka:nowhere",
              "--bootstrapServers=127.0.0.1:" + closedPort));
      assertEquals(
          "kappa: no Kafka broker answers at 127.0.0.1:"
              + closedPort
              + " within 10 s (start one"
              + " with 'runners-config/local/kafka start', or give --bootstrapServers=HOST:PORT)",
          stderr().lines().filter(line -> line.startsWith("kappa:")).findFirst().orElse(""));
    }
  }

  /**
   * A serving database that is down, missing or refuses the credentials: one line naming it,
   * without the password (kept in the driver's password file), before the job starts; exit 2. The
   * timeout guards against a hang only.
   */
  @Test
  @Timeout(120)
  void aServingDatabaseThatCannotBeUsed_isOneLineBeforeTheJobStarts() {
    LocalPostgres.ensureServer();
    String nothingListens =
        "jdbc:postgresql://127.0.0.1:"
            + LocalScripts.freePort()
            + "/kappa?user=postgres&password=s3cret";
    String noSuchDatabase = "jdbc:postgresql://127.0.0.1:5432/kappa_no_such_db?user=postgres";
    String noSuchRole = "jdbc:postgresql://127.0.0.1:5432/postgres?user=kappa_no_such_role";
    assertRefused(nothingListens, "does not answer", "start it (runners-config/local/postgres");
    assertRefused(noSuchDatabase, "has no such database", "create it, or fix --sink");
    assertRefused(noSuchRole, "refused the credentials", "fix --sink, PGUSER or PGPASSWORD");
  }

  private void assertRefused(String sink, String problem, String advice) {
    err.reset();
    assertEquals(2, kappa("run", "auction-stats", "--events=10", "--sink=" + sink));
    String shown = stderr();
    List<String> lines =
        shown
            .lines()
            .filter(line -> !line.startsWith("kappa: the password of "))
            .collect(Collectors.toList());
    assertEquals(1, lines.size(), shown);
    assertTrue(
        lines
            .get(0)
            .startsWith(
                "kappa: the serving database "
                    + sink.replace("&password=s3cret", "")
                    + " "
                    + problem),
        shown);
    assertTrue(lines.get(0).contains(advice), shown);
    assertFalse(shown.contains("s3cret"), "the password is redacted: " + shown);
  }

  @Test
  void stopOutsideAFlinkCluster_isRefused() {
    assertEquals(2, kappa("stop", "auction-stats", "--env=direct"));
    assertEquals(
        "kappa: stop talks to a Flink session cluster (--env=flink-cluster); a run on Direct or"
            + " embedded Flink stops with Ctrl-C\n",
        stderr());
  }

  @Test
  void stopWithABareSavepoint_leavesTheNextOptionToThePipeline() {
    String address = "127.0.0.1:" + LocalScripts.freePort();
    assertEquals(2, kappa("stop", "auction-stats", "--savepoint", "--flinkMaster=" + address));
    assertTrue(
        stderr().startsWith("kappa: no Flink session cluster answers at " + address), stderr());
  }

  @Test
  void fasterCopyWithCheckpoints_isRefused() {
    assertEquals(
        2,
        kappa(
            "run",
            "auction-stats",
            "--env=flink-local",
            "--fasterCopy=true",
            "--checkpointingInterval=1000",
            "--events=10"));
    assertEquals(
        "kappa: --fasterCopy cannot be combined with --checkpointingInterval: Beam's accumulators"
            + " are updated in place, so a checkpoint could hold elements read after it and a job"
            + " restored from it would count them twice\n",
        stderr());
  }

  @Test
  void unknownOption_isOneLineNamingIt() {
    assertEquals(2, kappa("run", "auction-stats", "--windowSize=5"));
    assertTrue(stderr().startsWith("kappa: "), stderr());
    assertTrue(stderr().contains("'windowSize'"), stderr());
    assertEquals(1, stderr().lines().count(), stderr());
  }

  @Test
  void badOptionValues_areOneLineErrors() {
    assertEquals(2, kappa("run", "auction-stats", "--accumulation=sometimes"));
    assertEquals(
        "kappa: --accumulation must be 'accumulating' or 'discarding', got 'sometimes'\n",
        stderr());
    err.reset();
    assertEquals(2, kappa("run", "auction-stats", "--sink=s3://bucket/results"));
    assertEquals(
        "kappa: unknown --sink 's3://bucket/results' (expected 'console', 'jsonl:DIR',"
            + " 'jdbc:postgresql://HOST:PORT/DB' or 'kafka:TOPIC')\n",
        stderr());
  }

  /** A results or dead-letter folder that cannot be made: one line, before the job starts. */
  @Test
  void aFolderThatCannotBeCreated_isOneLineBeforeTheJobStarts(@TempDir Path dir) throws Exception {
    Path aFile = Files.writeString(dir.resolve("a-file"), "");
    assertEquals(
        2,
        kappa("run", "auction-stats", "--events=10", "--sink=jsonl:" + aFile.resolve("results")));
    assertEquals(1, stderr().lines().count(), stderr());
    assertTrue(
        stderr()
            .startsWith(
                "kappa: --sink folder " + aFile.resolve("results") + " cannot be created ("),
        stderr());
    err.reset();
    assertEquals(
        2,
        kappa(
            "run",
            "auction-stats",
            "--events=10",
            "--sink=jsonl:" + dir.resolve("results"),
            "--deadLetters=jsonl:" + aFile.resolve("dl")));
    assertTrue(
        stderr()
            .startsWith(
                "kappa: --deadLetters folder " + aFile.resolve("dl") + " cannot be created ("),
        stderr());
  }

  @Test
  void aValueOfTheWrongType_isOneLineNamingTheOption() {
    assertEquals(2, kappa("run", "auction-stats", "--events=abc"));
    assertEquals("kappa: --events expects a whole number, got 'abc'\n", stderr());
    err.reset();
    assertEquals(2, kappa("generate", "--events=10", "--seed=x1", "--out=ignored.jsonl"));
    assertEquals("kappa: --seed expects a whole number, got 'x1'\n", stderr());
  }

  @Test
  void noCommand_namesTheCommands() {
    assertEquals(2, kappa());
    assertTrue(stderr().startsWith("kappa: no command (list, help, run, replay,"), stderr());
    assertFalse(stderr().contains("bundle"), "the script's own command is hidden: " + stderr());
  }

  @Test
  void anUnknownCommand_isOneLine() {
    assertEquals(2, kappa("rnu", "auction-stats"));
    assertEquals("kappa: unknown command 'rnu'; see 'kappa --help'\n", stderr());
  }

  @Test
  void help_listsEveryCommandAndEachCommandItsOwnOptions() {
    assertEquals(0, kappa("--help"));
    for (String command : List.of("list", "run", "replay", "reprocess", "verify", "status")) {
      assertTrue(stdout().contains("\n  " + command + " "), command + " in " + stdout());
    }
    out.reset();
    assertEquals(0, kappa("run", "--help"));
    String runHelp = stdout();
    assertTrue(runHelp.startsWith("Usage: kappa run "), runHelp);
    assertTrue(runHelp.contains("--env=PROFILE"), runHelp);
    assertTrue(runHelp.contains("--fromSavepoint=PATH"), runHelp);
    out.reset();
    assertEquals(0, kappa("help", "run"));
    assertEquals(runHelp, stdout());
  }

  @Test
  void aMissingPipelineOrAnUnknownLauncherOption_isOneLineNamingIt() {
    assertEquals(2, kappa("run"));
    assertEquals(
        "kappa: Missing required parameter: 'PIPELINE'; see 'kappa run --help'\n", stderr());
    err.reset();
    assertEquals(2, kappa("switch", "auction-stats", "--version=v2", "--sink=jdbc:x", "--force"));
    assertEquals("kappa: Unknown option: '--force'; see 'kappa switch --help'\n", stderr());
    err.reset();
    assertEquals(2, kappa("status", "--sink=jdbc:postgresql://x/y", "--maxLagRecords=many"));
    assertEquals(
        "kappa: Invalid value for option '--maxLagRecords': 'many' is not a long; see 'kappa"
            + " status --help'\n",
        stderr());
  }

  @Test
  void bundle_isTheOneTheRunnerOrTheProfileNeeds() {
    assertEquals(0, kappa("bundle", "run", "auction-stats", "--env=spark-local", "--events=5"));
    assertEquals("spark\n", stdout());
    out.reset();
    assertEquals(0, kappa("bundle", "run", "auction-stats", "--runner=SparkRunner"));
    assertEquals("spark\n", stdout());
    out.reset();
    assertEquals(0, kappa("bundle", "status", "--sink=jdbc:x", "--help"));
    assertEquals("flink\n", stdout());
  }

  @Test
  void generateThenRunFromTheFile_writesResultsThatMatchTheModel(@TempDir Path dir)
      throws Exception {
    Path events = dir.resolve("events.jsonl");
    Path results = dir.resolve("results");

    assertEquals(0, kappa("generate", "--events=5000", "--seed=3", "--out=" + events));
    assertEquals(5000, Files.readAllLines(events).size());
    assertEquals(
        0,
        kappa(
            "run",
            "auction-stats",
            "--source=file:" + events,
            "--sink=jsonl:" + results,
            "--progressSeconds=0"),
        stderr());

    assertEquals(
        AuctionStatsModel.model(events),
        Panes.lastPanes(results, AuctionStatsModel.KEY, AuctionStatsModel.VALUES));
    assertTrue(stderr().contains("kappa: auction-stats on DirectRunner, DONE"), stderr());
    assertTrue(stderr().contains("records read     5,000"), stderr());
    assertTrue(stderr().contains("dead letters     0 -> jsonl:" + results + "/dead-letters"));
  }

  @Test
  void generateIsByteIdenticalForTheSameSeed(@TempDir Path dir) throws Exception {
    assertEquals(0, kappa("generate", "--events=3000", "--seed=9", "--out=" + dir.resolve("a")));
    assertEquals(0, kappa("generate", "--events=3000", "--seed=9", "--out=" + dir.resolve("b")));
    assertEquals(-1, Files.mismatch(dir.resolve("a"), dir.resolve("b")));
  }
}
