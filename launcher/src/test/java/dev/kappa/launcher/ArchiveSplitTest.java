package dev.kappa.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kappa.pipelines.kafka.PartitionRange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a replay with an archive reads each offset, and what the archiver copies next. */
class ArchiveSplitTest {
  private static PartitionRange range(int partition, long start, long end) {
    return new PartitionRange("bids", partition, start, end);
  }

  @Test
  void theArchiveUpToWhereItEnds_thenTheTopic_noOffsetTwiceAndNoneSkipped() {
    ArchiveSplit split =
        ArchiveSplit.of(
            List.of(range(0, 0, 700), range(1, 0, 400)),
            List.of(range(0, 500, 1000), range(1, 400, 900)));

    assertEquals(List.of(range(0, 0, 700), range(1, 0, 400)), split.fromArchive());
    assertEquals(List.of(range(0, 700, 1000), range(1, 400, 900)), split.fromTopic());
    assertEquals(List.of(), split.missing());
    assertEquals(List.of(range(0, 0, 1000), range(1, 0, 900)), split.history());
    assertEquals(1100, split.recordsFromArchive());
  }

  @Test
  void aPartitionTheTopicStillHoldsWhole_isReadFromTheTopic_andOneWithoutArchiveIsMissing() {
    ArchiveSplit split =
        ArchiveSplit.of(List.of(range(0, 0, 300)), List.of(range(0, 0, 1000), range(1, 200, 900)));

    assertEquals(List.of(range(0, 0, 300)), split.fromArchive());
    assertEquals(List.of(range(0, 300, 1000), range(1, 200, 900)), split.fromTopic());
    assertEquals(List.of(range(1, 0, 200)), split.missing());
  }

  @Test
  void anArchiveThatFellBehindRetention_leavesAGap_namedInTheRefusal() {
    ArchiveSplit split =
        ArchiveSplit.of(
            List.of(range(0, 0, 300), range(0, 600, 800)), List.of(range(0, 500, 1000)));

    assertEquals(List.of(range(0, 300, 500)), split.missing());
    String gap = split.gap("/data/archive").orElseThrow();
    assertTrue(
        gap.startsWith(
            "topic 'bids' and its archive under /data/archive do not meet: partition 0 offsets"
                + " [300, 500) are in neither"),
        gap);
    assertTrue(ArchiveSplit.of(List.of(), List.of(range(0, 0, 10))).gap("/a").isEmpty());
  }

  @Test
  void anArchiveThatStartsAfterOffsetZero_isNoHistory() {
    ArchiveSplit split = ArchiveSplit.of(List.of(range(0, 100, 800)), List.of(range(0, 500, 1000)));

    assertEquals(List.of(), split.fromArchive());
    assertEquals(List.of(range(0, 0, 500)), split.missing());
  }

  @Test
  void theNextRound_startsWhereTheArchiveEnds_orAtTheTopicsStartIfLater() {
    NextArchiveRound next =
        NextArchiveRound.of(
            List.of(range(0, 0, 700), range(1, 0, 100), range(2, 0, 50)),
            List.of(range(0, 500, 1000), range(1, 300, 900), range(2, 0, 50), range(3, 0, 20)));

    assertEquals(
        List.of(range(0, 700, 1000), range(1, 300, 900), range(2, 50, 50), range(3, 0, 20)),
        next.ranges());
    assertEquals(List.of(range(1, 100, 300)), next.lost());
    assertEquals(920, next.records());
  }
}
