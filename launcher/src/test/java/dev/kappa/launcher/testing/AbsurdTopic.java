package dev.kappa.launcher.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.LauncherRuns;
import dev.kappa.launcher.kafka.KafkaLog;
import dev.kappa.testing.AbsurdRecords;
import dev.kappa.testing.EventFiles;
import dev.kappa.testing.LocalKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A topic of 50,000 records of which one in twenty is bad ({@link AbsurdRecords}), replayed: the
 * counters balance, every bad record is a dead letter with its reason and its offset, and the
 * results equal the model's over the good records alone. Shared by the Direct and the embedded
 * Flink tests; {@code runner} is the arguments that choose the runner.
 */
public final class AbsurdTopic {
  private static final int RECORDS = 50_000;

  private AbsurdTopic() {}

  /** Produces topic {@code topic} and replays it with {@code runner}; {@code dir} holds files. */
  public static void replayedGivesTheGoodRecordsAnswers(Path dir, String topic, String runner)
      throws Exception {
    Path good =
        EventFiles.write(
            dir.resolve("good.jsonl"),
            GeneratorConfig.builder()
                .events(RECORDS - RECORDS / AbsurdRecords.EVERY)
                .seed(13)
                .build());
    new KafkaLog(LocalKafka.bootstrapServers()).ensureTopic(topic, AbsurdRecords.PARTITIONS);
    int bad =
        AbsurdRecords.produce(LocalKafka.bootstrapServers(), topic, Files.readAllLines(good), true);
    Path results = dir.resolve("results");

    String summary =
        LauncherRuns.command(
            "replay",
            "auction-stats",
            runner,
            "--source=kafka:" + topic,
            "--bootstrapServers=" + LocalKafka.bootstrapServers(),
            "--sink=jsonl:" + results,
            "--progressSeconds=0",
            "--summary=json");

    assertEquals(
        List.of(),
        AbsurdRecords.replayProblems(
            summary.lines().reduce((a, b) -> b).orElseThrow(), results, topic, RECORDS, bad, good));
  }
}
