package dev.kappa.launcher;

import dev.kappa.pipelines.kafka.PartitionRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a replay of a topic's whole history reads each offset: from 0 up to where the archive's
 * unbroken coverage ends, from the archive; the rest from the topic. No offset is read twice and
 * none is skipped; where the archive and the topic's first retained offset do not meet, the offsets
 * in neither are {@code missing} and the replay is refused.
 *
 * @param fromArchive per partition, the offsets read from the archive
 * @param fromTopic per partition, the offsets read from the topic
 * @param missing per partition, the offsets neither holds (none when the history is whole)
 */
record ArchiveSplit(
    List<PartitionRange> fromArchive,
    List<PartitionRange> fromTopic,
    List<PartitionRange> missing) {

  /**
   * The split of {@code topic} (each partition from its first retained offset to the replay's end)
   * with {@code archived} (the archive's coverage, merged, as {@code ArchiveManifest.coverage()}).
   */
  static ArchiveSplit of(List<PartitionRange> archived, List<PartitionRange> topic) {
    List<PartitionRange> fromArchive = new ArrayList<>();
    List<PartitionRange> fromTopic = new ArrayList<>();
    List<PartitionRange> missing = new ArrayList<>();
    for (PartitionRange retained : topic) {
      long archivedEnd = unbrokenEnd(archived, retained.partition());
      long cut = Math.min(Math.max(archivedEnd, retained.start()), retained.end());
      if (archivedEnd < retained.start()) {
        missing.add(range(retained, archivedEnd, retained.start()));
      }
      if (archivedEnd > 0) {
        fromArchive.add(range(retained, 0, Math.min(archivedEnd, retained.end())));
      }
      fromTopic.add(range(retained, cut, retained.end()));
    }
    return new ArchiveSplit(fromArchive, fromTopic, missing);
  }

  /** Where the archive's coverage of {@code partition} that starts at offset 0 ends; 0 if none. */
  private static long unbrokenEnd(List<PartitionRange> archived, int partition) {
    return archived.stream()
        .filter(range -> range.partition() == partition && range.start() == 0)
        .mapToLong(PartitionRange::end)
        .findFirst()
        .orElse(0);
  }

  private static PartitionRange range(PartitionRange of, long start, long end) {
    return new PartitionRange(of.topic(), of.partition(), start, end);
  }

  /** Each partition's offsets from 0 to the replay's end: what the split reads in all. */
  List<PartitionRange> history() {
    return fromTopic.stream().map(range -> range(range, 0, range.end())).toList();
  }

  long recordsFromArchive() {
    return fromArchive.stream().mapToLong(PartitionRange::size).sum();
  }

  /** Why the archive under {@code archive} and the topic do not make a whole history, if so. */
  Optional<String> gap(String archive) {
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    List<String> ranges = missing.stream().map(PartitionRange::offsets).toList();
    return Optional.of(
        "topic '"
            + missing.get(0).topic()
            + "' and its archive under "
            + archive
            + " do not meet: "
            + String.join(", ", ranges)
            + " are in neither (gone from the topic before they were archived), so a replay"
            + " would compute answers over part of the history; give --from=retained without"
            + " --archive to replay what the topic holds");
  }
}
