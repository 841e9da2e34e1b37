package dev.kappa.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every missing input is one clear refusal before the job starts, and never a search of "/". */
class LocalFilesTest {
  @Test
  void aGlobMatchesOnlyAsDeepAsItReaches(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.jsonl"), "{}\n");
    Files.writeString(dir.resolve("b.jsonl"), "{}\n");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/c.jsonl"), "{}\n");

    assertEquals(
        List.of(dir.resolve("a.jsonl").toString(), dir.resolve("b.jsonl").toString()),
        LocalFiles.matching(dir + "/*.jsonl"));
    assertEquals(
        List.of(dir.resolve("sub/c.jsonl").toString()), LocalFiles.matching(dir + "/**/c.jsonl"));
  }

  @Test
  void aMissingFileAtTheRoot_isRefusedAtOnce() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LocalFiles.matching("/nonexistent"));
    assertEquals("--source=file:/nonexistent: no such file (/nonexistent)", e.getMessage());
  }

  @Test
  void aGlobThatMatchesNothing_aMissingDirectoryAndADirectory_areRefused(@TempDir Path dir) {
    String nothing = dir + "/*.nothing";
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> LocalFiles.matching(nothing))
            .getMessage()
            .contains("matches no file"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class, () -> LocalFiles.matching(dir + "/missing/*.jsonl"))
            .getMessage()
            .contains("no such directory"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> LocalFiles.matching(dir.toString()))
            .getMessage()
            .contains("is a directory"));
  }

  @Test
  void remoteSchemesAreLeftToBeam() {
    assertEquals(false, LocalFiles.isLocal("gs://bucket/events-*.jsonl"));
    assertEquals(true, LocalFiles.isLocal("events.jsonl"));
    assertEquals(true, LocalFiles.isLocal("file:///tmp/events.jsonl"));
  }
}
