package dev.kappa.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whether a live version has read what a verify's replay read. */
class LiveReachTest {
  private static final Map<Integer, Long> REPLAY_END = Map.of(0, 1_500L, 1, 1_480L);

  @Test
  void readUpToTheReplaysEndOnEveryPartition_hasReadAll() {
    LiveReach reach = new LiveReach(REPLAY_END, Map.of(0, 1_500L, 1, 1_490L));

    assertTrue(reach.readAllReplayed());
    assertEquals(List.of(), reach.behind());
    assertEquals(0, reach.recordsNotRead());
  }

  @Test
  void onePartitionBelowTheReplaysEnd_isBehindByItsRecords() {
    LiveReach reach = new LiveReach(REPLAY_END, Map.of(0, 1_500L, 1, 1_470L));

    assertFalse(reach.readAllReplayed());
    assertEquals(List.of(new LiveReach.Behind(1, 1_470, 1_480)), reach.behind());
    assertEquals(10, reach.recordsNotRead());
  }

  @Test
  void aPartitionWithoutAPosition_countsFromItsStart() {
    LiveReach reach = new LiveReach(REPLAY_END, Map.of(0, 1_500L));

    assertEquals(List.of(new LiveReach.Behind(1, 0, 1_480)), reach.behind());
    assertEquals(1_480, reach.recordsNotRead());
  }

  @Test
  void aVersionWhosePositionsAreUnknown_isNeitherBehindNorCaughtUp() {
    LiveReach reach = new LiveReach(REPLAY_END, Map.of());

    assertFalse(reach.known());
    assertFalse(reach.readAllReplayed());
    assertEquals(List.of(), reach.behind());
  }
}
