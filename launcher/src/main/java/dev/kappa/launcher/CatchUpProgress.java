package dev.kappa.launcher;

import dev.kappa.pipelines.kafka.PartitionRange;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far a reprocessing job has read, partition by partition: the records it is behind the log end
 * now, and the partitions it has not yet read past the log end recorded when it started (the
 * history it was started to replay).
 *
 * @param behind records between what it has read and the log end, over all partitions
 * @param shortOfStart per partition not yet past its log end at start: the offset it has reached
 */
record CatchUpProgress(long behind, Map<Integer, Long> shortOfStart) {

  /**
   * @param log each partition's retained offsets now ({@code start}: the first retained, {@code
   *     end}: the log end)
   * @param endsAtStart each partition's log end when the job started
   * @param positions the next offset the job would read, per partition it has read from
   */
  static CatchUpProgress of(
      List<PartitionRange> log, Map<Integer, Long> endsAtStart, Map<Integer, Long> positions) {
    long behind = 0;
    Map<Integer, Long> shortOfStart = new TreeMap<>();
    for (PartitionRange partition : log) {
      // A job that has read nothing of a partition starts at its first retained offset.
      long position =
          Math.max(
              partition.start(), positions.getOrDefault(partition.partition(), partition.start()));
      behind += Math.max(0, partition.end() - position);
      long endAtStart = endsAtStart.getOrDefault(partition.partition(), 0L);
      if (position < endAtStart) {
        shortOfStart.put(partition.partition(), position);
      }
    }
    return new CatchUpProgress(behind, shortOfStart);
  }

  /** Whether it has read past the log end at start on every partition. */
  boolean pastStart() {
    return shortOfStart.isEmpty();
  }
}
