package dev.kappa.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kappa.pipelines.kafka.PartitionRange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reprocess's catch-up, partition by partition. */
class CatchUpProgressTest {
  /** Three partitions: retained from 100, 0 and 50; log ends now 900, 400, 50 (empty). */
  private static final List<PartitionRange> LOG =
      List.of(
          new PartitionRange("t", 0, 100, 900),
          new PartitionRange("t", 1, 0, 400),
          new PartitionRange("t", 2, 50, 50));

  private static final Map<Integer, Long> ENDS_AT_START = Map.of(0, 800L, 1, 300L, 2, 50L);

  @Test
  void aPartitionNotPastItsEndAtStartHoldsTheCatchUpEvenWhenTheTotalLagIsSmall() {
    // Partition 0 far ahead (880 of 900), partition 1 just short of its end at start (299 < 300).
    CatchUpProgress read = CatchUpProgress.of(LOG, ENDS_AT_START, Map.of(0, 880L, 1, 299L));

    assertEquals(20 + 101, read.behind());
    assertFalse(read.pastStart());
    assertEquals(Map.of(1, 299L), read.shortOfStart());
  }

  @Test
  void pastTheEndsAtStartOnEveryPartitionWhileNewRecordsArriveIsPastStart() {
    CatchUpProgress read = CatchUpProgress.of(LOG, ENDS_AT_START, Map.of(0, 800L, 1, 350L));

    assertTrue(read.pastStart());
    assertEquals(100 + 50, read.behind());
  }

  @Test
  void aPartitionNotReadYetCountsFromItsFirstRetainedOffset() {
    CatchUpProgress read = CatchUpProgress.of(LOG, ENDS_AT_START, Map.of());

    assertEquals(800 + 400, read.behind());
    assertEquals(Map.of(0, 100L, 1, 0L), read.shortOfStart());
  }

  @Test
  void aCommittedOffsetBelowTheFirstRetainedOneStartsThere() {
    // Retention deleted offsets 0-99 of partition 0 after they were committed.
    CatchUpProgress read = CatchUpProgress.of(LOG, ENDS_AT_START, Map.of(0, 20L, 1, 400L));

    assertEquals(800, read.behind());
    assertEquals(Map.of(0, 100L), read.shortOfStart());
  }
}
