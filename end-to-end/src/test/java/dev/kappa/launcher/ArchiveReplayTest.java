package dev.kappa.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.testing.ArchiveScenario;
import dev.kappa.launcher.testing.ArchiveScenario.Archived;
import dev.kappa.launcher.testing.LiveAndReplay;
import dev.kappa.launcher.testing.ReprocessScenario;
import dev.kappa.testing.LocalKafka;
import dev.kappa.testing.LocalPostgres;
import dev.kappa.testing.PipelineModels;
import dev.kappa.testing.PipelineModels.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On the DirectRunner: a topic archived and then cut to its second half replays whole with {@code
 * --archive} (every pipeline equals the model over all events), and an archive that fell behind
 * retention is named, offsets and all, by the round that notices it and by the replay it refuses.
 */
class ArchiveReplayTest {
  private static final GeneratorConfig EVENTS =
      GeneratorConfig.builder().events(8_000).seed(41).build();
  @TempDir static Path dir;
  private static Archived archived;
  private static Map<String, Map<String, List<String>>> replayed;

  @BeforeAll
  static void archiveCutAndReplay() throws Exception {
    archived =
        ArchiveScenario.archiveThenLoseFirstHalf(dir, EVENTS, "archived-direct", "--env=direct");
    replayed =
        archived
            .topic()
            .replay(
                PipelineModels.all(), dir.resolve("replay"), "--env=direct", archived.archiveArg());
  }

  static List<Model> pipelines() {
    return PipelineModels.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  void theArchiveThenTheTopic_replayTheWholeHistory(Model model) {
    assertEquals(model.expected().apply(archived.topic().events()), replayed.get(model.pipeline()));
  }

  @Test
  void aReprocessAfterRetention_readsTheArchiveThenTheTopicLive() throws Exception {
    try (LocalPostgres.Database database = LocalPostgres.createDatabase()) {
      ReprocessScenario.readsWhatRetentionCutFromTheArchive(archived, database, "--env=direct");
    }
  }

  @Test
  void statusSays_aFullReprocessReadsTheLostRecordsFromTheArchive() throws Exception {
    String topic = archived.topic().topic();
    LauncherRuns.Printed status =
        statusWithArchive(topic, archived.archiveArg(), archived.topic().bootstrapArg());
    assertEquals(0, status.exitCode(), status.stdout() + status.stderr());
    assertTrue(
        status
            .stdout()
            .contains(
                String.format(
                    Locale.ROOT,
                    "log kafka:%s has lost %,d records of its history",
                    topic,
                    archived.recordsCut())),
        status.stdout());
    assertTrue(
        status
            .stdout()
            .contains(
                "; its archive under "
                    + archived.archive()
                    + " holds 8,000 records: a full reprocess with --archive reads them from"
                    + " it"),
        status.stdout());
  }

  /** {@code kappa status} of the topic with its archive, unhealthy over any record in neither. */
  private static LauncherRuns.Printed statusWithArchive(
      String topic, String archiveArg, String bootstrapArg) {
    try (LocalPostgres.Database database = LocalPostgres.createDatabase()) {
      return LauncherRuns.attemptPrinting(
          "status",
          "--sink=" + database.url(),
          "--source=kafka:" + topic,
          archiveArg,
          bootstrapArg,
          "--maxHistoryGapRecords=0");
    }
  }

  @Test
  void offsetsGoneBeforeTheyWereArchived_areNamedByTheArchiverAndRefusedByTheReplay(
      @TempDir Path gapDir) throws Exception {
    String topic = "archive-gap";
    LiveAndReplay log =
        LiveAndReplay.produce(gapDir, GeneratorConfig.builder().events(400).seed(3).build(), topic);
    Path archive = gapDir.resolve("archive");
    ArchiveScenario.archive(log, archive, "--env=direct");
    LauncherRuns.command(
        "produce", "--topic=" + topic, "--from=file:" + log.events(), log.bootstrapArg());
    Map<Integer, Long> kept = LocalKafka.deleteRecordsBefore(topic, end -> end - 10);

    LauncherRuns.Printed refused =
        LauncherRuns.attemptPrinting(
            "replay",
            "auction-stats",
            "--source=kafka:" + topic,
            "--archive=" + archive,
            log.bootstrapArg(),
            "--sink=jsonl:" + gapDir.resolve("refused"));
    assertEquals(2, refused.exitCode(), refused.stderr());
    // The same events produced twice: each partition's archive ends halfway to its new end.
    long archivedEnd = (kept.get(0) + 10) / 2;
    String partition0 = "partition 0 offsets [" + archivedEnd + ", " + kept.get(0) + ")";
    assertTrue(
        refused
            .stderr()
            .startsWith(
                "kappa: topic '"
                    + topic
                    + "' and its archive under "
                    + archive
                    + " do not meet: "
                    + partition0
                    + ", "),
        refused.stderr());

    LauncherRuns.Printed status =
        statusWithArchive(topic, "--archive=" + archive, log.bootstrapArg());
    assertEquals(3, status.exitCode(), status.stdout() + status.stderr());
    assertTrue(status.stdout().contains(", but not "), status.stdout());
    assertTrue(status.stdout().contains(partition0), status.stdout());

    String round = ArchiveScenario.archive(log, archive, "--env=direct");
    assertTrue(round.contains("kappa: warning: " + topic + " lost " + partition0 + ", "), round);
    assertTrue(round.contains("kappa: archived 40 records of " + topic), round);
  }
}
