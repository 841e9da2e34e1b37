package dev.kappa.launcher;

import dev.kappa.pipelines.kafka.PartitionRange;
import java.util.ArrayList;
import java.util.List;

/**
 * What the next round of {@code kappa archive} copies: per partition, from where the archive ends
 * (or the topic's first retained offset, if later or nothing is archived yet) to the topic's end.
 * Offsets the archive never got before the topic lost them are {@code lost}: the archiver fell
 * behind retention, and a full replay will name them.
 *
 * @param ranges per partition, the offsets the round copies (some may be empty)
 * @param lost per partition, offsets gone from the topic that the archive does not hold
 */
record NextArchiveRound(List<PartitionRange> ranges, List<PartitionRange> lost) {

  /**
   * The round after {@code archived} (the archive's coverage, merged) for {@code topic} (each
   * partition from its first retained offset to its end).
   */
  static NextArchiveRound of(List<PartitionRange> archived, List<PartitionRange> topic) {
    List<PartitionRange> ranges = new ArrayList<>();
    List<PartitionRange> lost = new ArrayList<>();
    for (PartitionRange retained : topic) {
      long archivedEnd =
          archived.stream()
              .filter(range -> range.partition() == retained.partition())
              .mapToLong(PartitionRange::end)
              .max()
              .orElse(0);
      if (archivedEnd < retained.start()) {
        lost.add(range(retained, archivedEnd, retained.start()));
      }
      long start = Math.max(archivedEnd, retained.start());
      ranges.add(range(retained, start, Math.max(start, retained.end())));
    }
    return new NextArchiveRound(ranges, lost);
  }

  private static PartitionRange range(PartitionRange of, long start, long end) {
    return new PartitionRange(of.topic(), of.partition(), start, end);
  }

  long records() {
    return ranges.stream().mapToLong(PartitionRange::size).sum();
  }
}
