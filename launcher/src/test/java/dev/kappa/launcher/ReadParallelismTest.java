package dev.kappa.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ReadParallelismTest {
  @Test
  void theLastParallelismGiven_wins_andNoneIsNone() {
    assertEquals(
        OptionalInt.of(4),
        ReadParallelism.of(List.of("--runner=FlinkRunner", "--parallelism=2", "--parallelism=4")));
    assertEquals(OptionalInt.empty(), ReadParallelism.of(List.of("--targetParallelism=8")));
    assertThrows(UsageException.class, () -> ReadParallelism.of(List.of("--parallelism=wide")));
  }

  @Test
  void moreReadersThanPartitions_isSaid_andNoMoreIsNot() {
    assertEquals(
        Optional.of(
            "bids has 4 partitions: at --parallelism=6 its live read keeps 4 readers busy and 2"
                + " idle (each partition has one reader); the windows and the sink use all 6"),
        ReadParallelism.idleReaders("bids", 4, 6));
    assertEquals(Optional.empty(), ReadParallelism.idleReaders("bids", 4, 4));
  }

  @Test
  void theReadersSideBySide_areWhatTheRunnersOptionsSay() {
    assertEquals(4, ReadParallelism.readers(List.of("--runner=FlinkRunner", "--parallelism=4")));
    assertEquals(2, ReadParallelism.readers(List.of("--targetParallelism=2")));
    assertEquals(3, ReadParallelism.readers(List.of("--sparkMaster=local[3]")));
    assertEquals(1, ReadParallelism.readers(List.of("--parallelism=-1")));
  }
}
