package dev.kappa.pipelines.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kappa.pipelines.archive.ArchiveManifest.ArchiveFile;
import dev.kappa.pipelines.archive.ArchiveManifest.Round;
import dev.kappa.pipelines.kafka.PartitionRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveManifestTest {
  private static final String TOPIC = "bids";

  private static Round round(PartitionRange... ranges) {
    List<ArchiveFile> files =
        List.of(ranges).stream()
            .map(
                range ->
                    ArchiveFiles.parse(
                            ArchiveFiles.path(TOPIC, "2026-12-07T04", range), range.size())
                        .orElseThrow())
            .toList();
    return new Round("2026-12-07T05:00:00Z", List.of(ranges), files);
  }

  private static PartitionRange range(int partition, long start, long end) {
    return new PartitionRange(TOPIC, partition, start, end);
  }

  @Test
  void roundsThatMeet_coverOneRangePerPartition_andAGapStaysAGap() {
    ArchiveManifest manifest =
        new ArchiveManifest(TOPIC, List.of())
            .with(round(range(0, 0, 100), range(1, 0, 50)))
            .with(round(range(0, 100, 180), range(1, 70, 90)));

    assertEquals(List.of(range(0, 0, 180), range(1, 0, 50), range(1, 70, 90)), manifest.coverage());
    assertEquals(250, manifest.records());
    assertEquals(4, manifest.files().size());
  }

  @Test
  void aManifestReadsBackAsWritten_andNothingArchivedIsAnEmptyManifest(@TempDir Path archive)
      throws IOException {
    assertEquals(new ArchiveManifest(TOPIC, List.of()), ArchiveManifest.read(archive, TOPIC));
    ArchiveManifest manifest =
        new ArchiveManifest(TOPIC, List.of()).with(round(range(0, 0, 100), range(1, 0, 50)));

    manifest.write(archive);

    assertEquals(manifest, ArchiveManifest.read(archive, TOPIC));
    assertTrue(Files.exists(archive.resolve(TOPIC).resolve(ArchiveManifest.FILE_NAME)));
  }

  @Test
  void aFileNameSaysWhatItHolds() {
    String path =
        ArchiveFiles.path(
            "bid-stream", "2026-12-07T04", new PartitionRange("bid-stream", 3, 5, 70));

    assertEquals("hour=2026-12-07T04/bid-stream-3-000000000005-000000000070.jsonl.gz", path);
    assertEquals(
        new ArchiveFile(path, 3, 5, 70, "2026-12-07T04", 9),
        ArchiveFiles.parse(path, 9).orElseThrow());
    assertTrue(ArchiveFiles.parse("hour=x/notes.txt", 0).isEmpty());
  }

  @Test
  void theManifestOfAnotherTopic_isRefused(@TempDir Path archive) throws IOException {
    new ArchiveManifest(TOPIC, List.of()).write(archive);
    Files.move(archive.resolve(TOPIC), archive.resolve("asks"));

    IOException e = assertThrows(IOException.class, () -> ArchiveManifest.read(archive, "asks"));
    assertTrue(
        e.getMessage().endsWith("is the archive of topic 'bids', not 'asks'"), e.getMessage());
  }
}
