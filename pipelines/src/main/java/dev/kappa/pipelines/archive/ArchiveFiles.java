package dev.kappa.pipelines.archive;

import dev.kappa.pipelines.kafka.PartitionRange;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * How archive files are named, relative to the topic's folder: {@code
 * hour=2026-12-07T04/TOPIC-PARTITION-START-END.jsonl.gz}, the hour of the records' event time and
 * the range of the round that wrote it (offsets padded, so that names sort by offset). Names are
 * unique: a round's ranges never overlap another published round's.
 */
public final class ArchiveFiles {
  public static final String SUFFIX = ".jsonl.gz";

  private static final Pattern PATH =
      Pattern.compile("hour=([^/]+)/(.+)-(\\d+)-(\\d{12,})-(\\d{12,})" + Pattern.quote(SUFFIX));

  private ArchiveFiles() {}

  static String path(String topic, String hour, PartitionRange range) {
    return String.format(
        Locale.ROOT,
        "hour=%s/%s-%d-%012d-%012d%s",
        hour,
        topic,
        range.partition(),
        range.start(),
        range.end(),
        SUFFIX);
  }

  /** The lines of the archive file at {@code path}, inflated. */
  public static BufferedReader lines(Path path) throws IOException {
    return new BufferedReader(
        new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(path), 1 << 16), StandardCharsets.UTF_8),
        1 << 16);
  }

  /**
   * The file {@code relativePath} names, holding {@code records} records; empty for another name.
   */
  public static Optional<ArchiveManifest.ArchiveFile> parse(String relativePath, long records) {
    Matcher name = PATH.matcher(relativePath.replace('\\', '/'));
    if (!name.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new ArchiveManifest.ArchiveFile(
            relativePath,
            Integer.parseInt(name.group(3)),
            Long.parseLong(name.group(4)),
            Long.parseLong(name.group(5)),
            name.group(1),
            records));
  }
}
