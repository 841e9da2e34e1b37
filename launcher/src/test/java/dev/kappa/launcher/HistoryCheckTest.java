package dev.kappa.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kappa.pipelines.kafka.PartitionRange;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a replay from 'earliest' would not read the whole history. */
class HistoryCheckTest {
  @Test
  void aLogThatStartsAtZeroOnEveryPartition_isTheWholeHistory() {
    assertEquals(
        Optional.empty(), HistoryCheck.missingHistory(reach(range(0, 0, 10), range(1, 0, 0))));
  }

  @Test
  void aPartitionThatLostItsFirstRecords_isNamedWithTheOffsetsGone() {
    String missing =
        HistoryCheck.missingHistory(reach(range(0, 0, 10), range(1, 500, 900))).orElseThrow();
    assertTrue(
        missing.startsWith(
            "topic 'bids' no longer holds the start of its history (partition 1 offsets [0, 500)"
                + " are gone"),
        missing);
    assertTrue(missing.endsWith("or --from=retained to replay what the topic holds"), missing);
  }

  @Test
  void aPartitionEmptiedByRetention_stillLostItsHistory() {
    // Every record deleted: the log starts and ends at 300.
    assertTrue(
        HistoryCheck.missingHistory(reach(range(0, 300, 300)))
            .orElseThrow()
            .contains("partition 0 offsets [0, 300)"));
  }

  private static LogReach reach(PartitionRange... partitions) {
    return new LogReach("bids", List.of(partitions));
  }

  private static PartitionRange range(int partition, long start, long end) {
    return new PartitionRange("bids", partition, start, end);
  }
}
