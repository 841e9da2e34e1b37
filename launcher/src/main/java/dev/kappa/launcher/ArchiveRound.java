package dev.kappa.launcher;

import dev.kappa.pipelines.archive.ArchiveFiles;
import dev.kappa.pipelines.archive.ArchiveManifest;
import dev.kappa.pipelines.archive.ArchiveManifest.ArchiveFile;
import dev.kappa.pipelines.archive.WriteArchive;
import dev.kappa.pipelines.kafka.PartitionRange;
import dev.kappa.pipelines.kafka.ReadLogSlice;
import dev.kappa.pipelines.options.KappaOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/**
 * One round of {@code kappa archive}: copies {@link NextArchiveRound}'s ranges of the topic into a
 * staging folder with a bounded job on the profile's runner, checks that the files hold every
 * record of the ranges once, moves them into the archive and publishes them in the manifest. Until
 * the manifest is replaced the round is not part of the archive: a round that fails or is stopped
 * leaves files the next round removes, so an archive never holds a record twice.
 */
final class ArchiveRound {
  private static final String STAGING = ".staging";

  private final Path archive;
  private final String topic;

  ArchiveRound(Path archive, String topic) {
    this.archive = archive;
    this.topic = topic;
  }

  private Path folder() {
    return ArchiveManifest.folder(archive, topic);
  }

  /**
   * Copies {@code ranges} (offsets after those {@code manifest} holds) with a job run with {@code
   * options}, and returns the manifest that lists them.
   */
  ArchiveManifest copy(ArchiveManifest manifest, List<PartitionRange> ranges, KappaOptions options)
      throws IOException {
    Path staging = folder().resolve(STAGING);
    removeWhatTheManifestDoesNotList(manifest);
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("ReadTopic", ReadLogSlice.of(options.getBootstrapServers(), ranges).logRecords())
        .apply("WriteArchive", WriteArchive.to(topic, staging, ranges));
    PipelineResult result;
    try {
      result = pipeline.run();
      result.waitUntilFinish();
    } catch (RuntimeException e) {
      throw new Launcher.RunFailedException(
          "archive of " + topic, options.getRunner().getSimpleName(), e);
    }
    if (result.getState() != PipelineResult.State.DONE) {
      throw new IOException("the archive job of " + topic + " ended " + result.getState());
    }
    List<ArchiveFile> files = staged(staging);
    requireEveryRecordOnce(ranges, files);
    for (ArchiveFile file : files) {
      Path target = folder().resolve(file.path());
      Files.createDirectories(target.getParent());
      Files.move(staging.resolve(file.path()), target, StandardCopyOption.ATOMIC_MOVE);
    }
    ArchiveManifest published =
        manifest.with(new ArchiveManifest.Round(Instant.now().toString(), ranges, files));
    published.write(archive);
    deleteTree(staging);
    return published;
  }

  /** The files a round left in staging, each with the records it holds (counted, not trusted). */
  private static List<ArchiveFile> staged(Path staging) throws IOException {
    List<ArchiveFile> files = new ArrayList<>();
    if (!Files.isDirectory(staging)) {
      return files;
    }
    try (Stream<Path> paths = Files.walk(staging)) {
      for (Path path : paths.filter(Files::isRegularFile).sorted().toList()) {
        String relative = staging.relativize(path).toString();
        ArchiveFiles.parse(relative, lineCount(path)).ifPresent(files::add);
      }
    }
    return files;
  }

  private static long lineCount(Path file) throws IOException {
    try (BufferedReader reader = ArchiveFiles.lines(file)) {
      return reader.lines().count();
    }
  }

  /** Refuses to publish a round whose files do not hold each partition's range exactly. */
  private static void requireEveryRecordOnce(List<PartitionRange> ranges, List<ArchiveFile> files)
      throws IOException {
    Map<Integer, Long> written = new HashMap<>();
    for (ArchiveFile file : files) {
      written.merge(file.partition(), file.records(), Long::sum);
    }
    for (PartitionRange range : ranges) {
      long records = written.getOrDefault(range.partition(), 0L);
      if (records != range.size()) {
        throw new IOException(
            "the archive job wrote "
                + records
                + " records of "
                + range.topic()
                + " partition "
                + range.partition()
                + " for offsets ["
                + range.start()
                + ", "
                + range.end()
                + "), not "
                + range.size()
                + "; nothing of this round was published");
      }
    }
  }

  /**
   * Staging and any archive file the manifest does not list: what earlier rounds left unpublished.
   */
  private void removeWhatTheManifestDoesNotList(ArchiveManifest manifest) throws IOException {
    deleteTree(folder().resolve(STAGING));
    if (!Files.isDirectory(folder())) {
      return;
    }
    Set<Path> listed = new HashSet<>();
    manifest.files().forEach(file -> listed.add(folder().resolve(file.path())));
    try (Stream<Path> paths = Files.walk(folder())) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        if (path.toString().endsWith(ArchiveFiles.SUFFIX) && !listed.contains(path)) {
          Files.delete(path);
        }
      }
    }
  }

  private static void deleteTree(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
