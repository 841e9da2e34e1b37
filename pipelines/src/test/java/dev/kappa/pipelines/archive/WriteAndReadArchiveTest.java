package dev.kappa.pipelines.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.model.SourceRecord;
import dev.kappa.pipelines.kafka.PartitionRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A round written to files reads back as the replay of the topic would give its records: same
 * origins, same rejections, only the offsets asked for. Two pipelines in one test (a TestPipeline
 * runs once), so plain ones: PAssert fails their run on the DirectRunner.
 */
class WriteAndReadArchiveTest {
  private static final String TOPIC = "bids";
  private static final long HOUR_4 = 1_765_080_000_000L; // 2025-12-07T04:00Z

  private static byte[] bid(long dateTime) {
    return ("{\"kind\":\"bid\",\"auction\":1,\"dateTime\":" + dateTime + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aRoundSplitsByPartitionAndHour_andReadsBackOnlyTheRangesAskedFor(@TempDir Path archive)
      throws IOException {
    List<PartitionRange> round =
        List.of(new PartitionRange(TOPIC, 0, 0, 3), new PartitionRange(TOPIC, 1, 0, 2));
    List<LogRecord> records =
        List.of(
            new LogRecord(0, 0, bid(HOUR_4)),
            new LogRecord(0, 1, bid(HOUR_4 + 3_600_000)),
            new LogRecord(0, 2, new byte[] {(byte) 0xFF}),
            new LogRecord(1, 0, bid(HOUR_4 + 10)),
            new LogRecord(1, 1, null));
    Path staging = ArchiveManifest.folder(archive, TOPIC);

    Pipeline write = Pipeline.create();
    PAssert.that(
            write
                .apply(Create.of(records).withCoder(LogRecord.Coder.of()))
                .apply(WriteArchive.to(TOPIC, staging, round)))
        .containsInAnyOrder(
            "hour=2025-12-07T04/bids-0-000000000000-000000000003.jsonl.gz",
            "hour=2025-12-07T05/bids-0-000000000000-000000000003.jsonl.gz",
            "hour=unknown/bids-0-000000000000-000000000003.jsonl.gz",
            "hour=2025-12-07T04/bids-1-000000000000-000000000002.jsonl.gz",
            "hour=unknown/bids-1-000000000000-000000000002.jsonl.gz");
    write.run().waitUntilFinish();

    ArchiveManifest manifest =
        new ArchiveManifest(TOPIC, List.of())
            .with(new ArchiveManifest.Round("now", round, filesUnder(staging)));
    Pipeline read = Pipeline.create();
    PAssert.that(
            read.apply(
                ReadArchive.of(
                    archive,
                    manifest,
                    List.of(
                        new PartitionRange(TOPIC, 0, 1, 3), new PartitionRange(TOPIC, 1, 0, 2)))))
        .containsInAnyOrder(
            SourceRecord.of(
                "kafka:bids/0@1", new String(bid(HOUR_4 + 3_600_000), StandardCharsets.UTF_8)),
            PartitionRange.sourceRecord(TOPIC, 0, 2, new byte[] {(byte) 0xFF}),
            SourceRecord.of("kafka:bids/1@0", new String(bid(HOUR_4 + 10), StandardCharsets.UTF_8)),
            PartitionRange.sourceRecord(TOPIC, 1, 1, null));
    read.run().waitUntilFinish();
  }

  private static List<ArchiveManifest.ArchiveFile> filesUnder(Path folder) throws IOException {
    List<ArchiveManifest.ArchiveFile> files = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        ArchiveFiles.parse(folder.relativize(path).toString(), 0).ifPresent(files::add);
      }
    }
    assertEquals(5, files.size(), files.toString());
    return files;
  }
}
