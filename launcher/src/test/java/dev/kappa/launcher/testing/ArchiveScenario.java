package dev.kappa.launcher.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.LauncherRuns;
import dev.kappa.testing.LocalKafka;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A topic archived by {@code kappa archive} on a runner, archived again (which copies nothing), and
 * then cut to its second half as retention would cut it: a replay of the whole history now needs
 * the archive.
 */
public final class ArchiveScenario {
  private ArchiveScenario() {}

  /** The topic, cut by {@code recordsCut} records, and the archive that holds its history. */
  public record Archived(LiveAndReplay topic, Path archive, long recordsCut) {
    public String archiveArg() {
      return "--archive=" + archive;
    }
  }

  /** Produces {@code events}, archives them with {@code runnerArgs}, then cuts the topic. */
  public static Archived archiveThenLoseFirstHalf(
      Path dir, GeneratorConfig events, String topic, String... runnerArgs) throws Exception {
    LiveAndReplay log = LiveAndReplay.produce(dir, events, topic);
    Path archive = dir.resolve("archive");
    String first = archive(log, archive, runnerArgs);
    assertTrue(
        first.contains(
            String.format(
                Locale.ROOT, "kappa: archived %,d records of %s", events.events(), topic)),
        first);
    String again = archive(log, archive, runnerArgs);
    assertTrue(again.contains("kappa: nothing new in " + topic + " to archive"), again);
    Map<Integer, Long> firstKept = LocalKafka.deleteRecordsBefore(topic, end -> end / 2);
    return new Archived(log, archive, firstKept.values().stream().mapToLong(Long::longValue).sum());
  }

  /** One round of {@code kappa archive --replay}; returns what it printed. */
  public static String archive(LiveAndReplay log, Path archive, String... runnerArgs) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "archive",
                "--source=kafka:" + log.topic(),
                "--to=" + archive,
                "--replay",
                log.bootstrapArg()));
    command.addAll(List.of(runnerArgs));
    return LauncherRuns.command(command.toArray(new String[0]));
  }
}
