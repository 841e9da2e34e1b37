package dev.kappa.launcher;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far a live version has read the log a verify replays. Once it has read every record the
 * replay read, each of them has either counted in its windows or, too late, been sent to its dead
 * letters. Until then a record it has not read shows in the replay only: in a window final in the
 * live version it would be too late there, but it is no dead letter yet.
 *
 * @param replayEnd the offset after the last one the replay read, per partition
 * @param positions the next offset the live version would read, per partition (its consumer group's
 *     committed offsets, or its own metrics when it runs in this JVM); empty when unknown (it
 *     commits no offsets, running without checkpoints)
 */
record LiveReach(Map<Integer, Long> replayEnd, Map<Integer, Long> positions) {
  LiveReach {
    replayEnd = new TreeMap<>(replayEnd);
    positions = new TreeMap<>(positions);
  }

  /** One partition the live version has not read up to the replay's end. */
  record Behind(int partition, long position, long replayEnd) {
    long records() {
      return replayEnd - position;
    }
  }

  /** Whether how far the live version has read is known at all. */
  boolean known() {
    return !positions.isEmpty();
  }

  /**
   * The partitions whose position is below the replay's end (one without a position counts from 0);
   * none when nothing is known.
   */
  List<Behind> behind() {
    if (!known()) {
      return List.of();
    }
    return replayEnd.entrySet().stream()
        .filter(end -> positions.getOrDefault(end.getKey(), 0L) < end.getValue())
        .map(
            end ->
                new Behind(end.getKey(), positions.getOrDefault(end.getKey(), 0L), end.getValue()))
        .toList();
  }

  /** Whether the live version has read every record the replay read. */
  boolean readAllReplayed() {
    return known() && behind().isEmpty();
  }

  /** The records the replay read that the live version has not. */
  long recordsNotRead() {
    return behind().stream().mapToLong(Behind::records).sum();
  }
}
