package dev.kappa.launcher;

import dev.kappa.launcher.kafka.KafkaLog;
import dev.kappa.pipelines.archive.ArchiveManifest;
import dev.kappa.pipelines.io.SourceSpec;
import dev.kappa.pipelines.kafka.PartitionRange;
import dev.kappa.pipelines.options.KappaOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code kappa archive --source=kafka:TOPIC --to=DIR [--replay] [--everySeconds=S]
 * [--env=PROFILE]}: keeps a copy of the topic under {@code DIR/TOPIC} past the topic's retention,
 * so that {@code kappa replay --archive=DIR} can still read the whole history. It works in rounds
 * ({@link ArchiveRound}): each copies what the topic gained since the last one with a bounded job
 * on the profile's runner and publishes it in the manifest; {@code --replay} runs one round and
 * ends, otherwise a round starts every {@code --everySeconds} until the command is stopped.
 */
@Command(
    name = "archive",
    description = {
      "Copies a Kafka topic into gzip JSON lines files under DIR/TOPIC, by event-time hour, with a"
          + " manifest of the offsets each holds, so that a replay (--archive=DIR) reads the history"
          + " the topic no longer keeps. Each round copies what is new with a bounded job on the"
          + " profile's runner; restarted or run twice it copies no record twice."
    },
    footer = {
      "",
      "Other options (--bootstrapServers, the runner's) are handed on to the job, as for 'run'."
    })
final class ArchiveCommand implements Callable<Integer> {
  @Mixin private HelpOption help;

  @Option(
      names = "--source",
      required = true,
      paramLabel = "kafka:TOPIC",
      description = "The topic to archive.")
  private String source;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "DIR",
      description = "The archive's folder (every worker of the runner must see it).")
  private Path to;

  @Option(
      names = "--replay",
      description = "Archive what the topic holds now, then end (default: keep archiving).")
  private boolean once;

  @Option(
      names = "--everySeconds",
      paramLabel = "S",
      defaultValue = "60",
      description = "Without --replay: seconds between rounds (default ${DEFAULT-VALUE}).")
  private int everySeconds;

  @Mixin private LaunchArguments launch;

  @Unmatched private List<String> jobOptions = new ArrayList<>();

  private final Launcher launcher;
  private final PrintStream err;

  ArchiveCommand(Launcher launcher, PrintStream err) {
    this.launcher = launcher;
    this.err = err;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    String topic =
        SourceSpec.parse(source)
            .topic()
            .orElseThrow(
                () -> new UsageException("archive reads a Kafka topic: give --source=kafka:TOPIC"));
    if (everySeconds < 1) {
      throw new UsageException("--everySeconds must be at least 1, got " + everySeconds);
    }
    Path archive = to.toAbsolutePath();
    KappaOptions options =
        launcher.jobOptions(launch.request(jobOptions), "kappa-archive-" + topic);
    KafkaLog log = new KafkaLog(options.getBootstrapServers());
    log.requireTopic(topic);
    ArchiveRound round = new ArchiveRound(archive, topic);
    while (true) {
      runRound(log, round, archive, topic, options);
      if (once) {
        return Kappa.OK;
      }
      Thread.sleep(everySeconds * 1000L);
    }
  }

  private void runRound(
      KafkaLog log, ArchiveRound round, Path archive, String topic, KappaOptions options)
      throws IOException {
    ArchiveManifest manifest = ArchiveManifest.read(archive, topic);
    NextArchiveRound next =
        NextArchiveRound.of(manifest.coverage(), log.slice(topic, KafkaLog.RETAINED, "now"));
    if (!next.lost().isEmpty()) {
      err.println(
          "kappa: warning: "
              + topic
              + " lost "
              + ranges(next.lost())
              + " before they were archived; a replay with --archive will refuse the history"
              + " as incomplete");
    }
    if (next.records() == 0) {
      err.printf(
          "kappa: nothing new in %s to archive; %s holds %,d records%n",
          topic, ArchiveManifest.folder(archive, topic), manifest.records());
      return;
    }
    long start = System.nanoTime();
    ArchiveManifest published = round.copy(manifest, next.ranges(), options);
    double seconds = (System.nanoTime() - start) / 1e9;
    ArchiveManifest.Round last = published.rounds().get(published.rounds().size() - 1);
    err.printf(
        Locale.ROOT,
        "kappa: archived %,d records of %s (%s) into %d files under %s in %.1f s (%,.0f records/s);"
            + " the archive holds %,d records%n",
        next.records(),
        topic,
        ranges(next.ranges()),
        last.files().size(),
        ArchiveManifest.folder(archive, topic),
        seconds,
        next.records() / seconds,
        published.records());
  }

  private static String ranges(List<PartitionRange> ranges) {
    return String.join(
        ", ",
        ranges.stream().filter(range -> range.size() > 0).map(PartitionRange::offsets).toList());
  }
}
