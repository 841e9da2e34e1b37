package dev.kappa.pipelines.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.pipelines.kafka.PartitionRange;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What an archive of a topic holds, and the only truth about it: the rounds {@code kappa archive}
 * has published, each with the offsets it copied per partition and the files that hold them. A file
 * is listed only once its round has written every record of its ranges; a file under the folder
 * that the manifest does not list (left by a round that failed) is not part of the archive. Kept as
 * {@code DIR/TOPIC/manifest.json}, replaced atomically.
 */
public record ArchiveManifest(String topic, List<Round> rounds) {
  public static final String FILE_NAME = "manifest.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  public ArchiveManifest {
    rounds = List.copyOf(rounds);
  }

  /** One run of the archiver: the offsets it copied, per partition, and the files it wrote. */
  public record Round(String archivedAt, List<PartitionRange> ranges, List<ArchiveFile> files) {
    public Round {
      ranges = List.copyOf(ranges);
      files = List.copyOf(files);
    }

    public long records() {
      return ranges.stream().mapToLong(PartitionRange::size).sum();
    }
  }

  /**
   * A file of the archive, {@code path} relative to the topic's folder: the records of partition
   * {@code partition} between {@code start} and {@code end} (its round's range) whose event time
   * falls in {@code hour}.
   */
  public record ArchiveFile(
      String path, int partition, long start, long end, String hour, long records)
      implements Serializable {}

  /** The folder of {@code topic}'s archive under {@code archive}. */
  public static Path folder(Path archive, String topic) {
    return archive.resolve(topic);
  }

  /** The manifest under {@code archive} for {@code topic}; empty when nothing was archived yet. */
  public static ArchiveManifest read(Path archive, String topic) throws IOException {
    Path file = folder(archive, topic).resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return new ArchiveManifest(topic, List.of());
    }
    ArchiveManifest manifest = JSON.readValue(file.toFile(), ArchiveManifest.class);
    if (!manifest.topic().equals(topic)) {
      throw new IOException(
          file + " is the archive of topic '" + manifest.topic() + "', not '" + topic + "'");
    }
    return manifest;
  }

  /** Writes this manifest under {@code archive}, replacing the old one in one step. */
  public void write(Path archive) throws IOException {
    Path folder = folder(archive, topic);
    Files.createDirectories(folder);
    Path next = folder.resolve(FILE_NAME + ".next");
    JSON.writerWithDefaultPrettyPrinter().writeValue(next.toFile(), this);
    Files.move(
        next,
        folder.resolve(FILE_NAME),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  /** This manifest with {@code round} published after its own. */
  public ArchiveManifest with(Round round) {
    List<Round> all = new ArrayList<>(rounds);
    all.add(round);
    return new ArchiveManifest(topic, all);
  }

  public List<ArchiveFile> files() {
    return rounds.stream().flatMap(round -> round.files().stream()).toList();
  }

  public long records() {
    return rounds.stream().mapToLong(Round::records).sum();
  }

  /**
   * The offsets the archive holds, per partition: each round's ranges, those that meet merged into
   * one, ordered by partition and offset (a partition may have gaps where the archiver fell behind
   * retention).
   */
  public List<PartitionRange> coverage() {
    List<PartitionRange> ranges =
        rounds.stream()
            .flatMap(round -> round.ranges().stream())
            .filter(range -> range.size() > 0)
            .sorted(
                Comparator.comparingInt(PartitionRange::partition)
                    .thenComparingLong(PartitionRange::start))
            .toList();
    List<PartitionRange> merged = new ArrayList<>();
    for (PartitionRange range : ranges) {
      PartitionRange last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && last.partition() == range.partition() && range.start() <= last.end()) {
        merged.set(
            merged.size() - 1,
            new PartitionRange(
                topic, last.partition(), last.start(), Math.max(last.end(), range.end())));
      } else {
        merged.add(range);
      }
    }
    return merged;
  }
}
