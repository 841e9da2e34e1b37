package dev.kappa.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kappa.launcher.SwitchChecks.CatchUpLimits;
import dev.kappa.launcher.serving.ServingReader.ResultWindow;
import dev.kappa.pipelines.kafka.PartitionRange;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The rules {@code kappa reprocess} switches by, with the cases that once failed end to end in CI
 * (early-only final windows, the open last window, totals against per-partition offsets).
 */
class SwitchChecksTest {
  // The readers' version: final 10 ms windows 0-10, 10-20, 20-30, 30-40, and an early 40-50.
  private static final List<ResultWindow> READERS =
      List.of(
          final_(0, 10),
          final_(10, 20),
          final_(20, 30),
          final_(30, 40),
          new ResultWindow(40, 50, false));
  private static final CatchUpLimits LIMITS = new CatchUpLimits(100, 5);

  private static ResultWindow final_(long start, long end) {
    return new ResultWindow(start, end, true);
  }

  private static ResultWindow early(long start, long end) {
    return new ResultWindow(start, end, false);
  }

  @Test
  void aNewVersionWithOtherWindowsThatCoverTheSameTime_leavesNothingUncovered() {
    assertEquals(
        0, SwitchChecks.uncoveredWindows(READERS, List.of(final_(0, 20), final_(20, 40)), 40));
  }

  @Test
  void finalWindowsWithoutAnyResultBeforeTheNewVersionsNewestWindow_areUncovered() {
    assertEquals(
        2, SwitchChecks.uncoveredWindows(READERS, List.of(final_(0, 20), early(40, 60)), 40));
  }

  @Test
  void windowsAnsweredOnlyByEarlyPanes_areCovered() {
    // The final answer of a window whose keys got nothing after their last early pane.
    assertEquals(
        0, SwitchChecks.uncoveredWindows(READERS, List.of(early(0, 20), final_(20, 40)), 40));
  }

  @Test
  void windowsPastTheNewVersionsNewestWindow_areNotJudgedYet() {
    assertEquals(0, SwitchChecks.uncoveredWindows(READERS, List.of(final_(0, 20)), 40));
  }

  @Test
  void windowsAfterTheNewVersionsEventTime_areNotCompared() {
    assertEquals(
        0, SwitchChecks.uncoveredWindows(READERS, List.of(final_(0, 20), early(40, 60)), 20));
  }

  @Test
  void aNewVersionWithoutResults_isNotJudgedYet() {
    assertEquals(0, SwitchChecks.uncoveredWindows(READERS, List.of(), 40));
  }

  @Test
  void earlyPanesOfTheReadersVersion_needNoAnswer() {
    assertEquals(
        0, SwitchChecks.uncoveredWindows(List.of(early(0, 10)), List.of(final_(20, 30)), 40));
  }

  @Test
  void aWindowTouchedOnlyAtItsEdges_isUncovered() {
    // [0, 10) and [20, 30) meet [10, 20) at its edges only: no overlap in time.
    assertEquals(
        1,
        SwitchChecks.uncoveredWindows(
            List.of(final_(10, 20)), List.of(final_(20, 30), final_(0, 10)), 30));
  }

  @Test
  void aLongWindowStartingEarly_coversLaterWindows() {
    // The furthest end among earlier-starting windows counts, not the latest start's end.
    assertEquals(
        0,
        SwitchChecks.uncoveredWindows(
            List.of(final_(30, 40)), List.of(final_(0, 100), final_(10, 20), final_(25, 28)), 40));
  }

  @Test
  void deadLetters_overTheShare_refuseTheSwitch() {
    assertEquals(
        Optional.of(
            "11 of the 1,000 records it read went to dead letters, more than"
                + " --maxDeadLetterShare=0.01"),
        SwitchChecks.deadLetterRefusal(1000, 11, 0.01));
    assertEquals(Optional.empty(), SwitchChecks.deadLetterRefusal(1000, 10, 0.01));
    assertEquals(Optional.empty(), SwitchChecks.deadLetterRefusal(0, 0, 0.0));
  }

  @Test
  void caughtUp_whenPastTheStartEndsCloseToTheLogEndAndInEventTime() {
    CatchUpProgress read =
        CatchUpProgress.of(
            List.of(partition(0, 0, 600), partition(1, 0, 600)),
            Map.of(0, 500L, 1, 500L),
            Map.of(0, 550L, 1, 560L));
    assertEquals(
        List.of(),
        SwitchChecks.stillMissing(
            read,
            Map.of(0, 500L, 1, 500L),
            OptionalLong.of(96_000),
            OptionalLong.of(100_000),
            LIMITS));
  }

  @Test
  void totalsDoNotHideAPartitionShortOfItsStartEnd() {
    // 1,000 records read of 1,000 at start, but all of them on partition 0.
    Map<Integer, Long> endsAtStart = Map.of(0, 500L, 1, 500L);
    CatchUpProgress read =
        CatchUpProgress.of(
            List.of(partition(0, 0, 500), partition(1, 0, 500)),
            endsAtStart,
            Map.of(0, 500L, 1, 20L));
    List<String> missing =
        SwitchChecks.stillMissing(
            read, endsAtStart, OptionalLong.of(100_000), OptionalLong.of(100_000), LIMITS);
    assertEquals(
        List.of(
            "partition 1 (at 20 of 500) to pass its log end at start",
            "at most 100 records behind"),
        missing);
  }

  @Test
  void eventTimeBehindTheReaders_isWaitedFor() {
    CatchUpProgress read =
        CatchUpProgress.of(List.of(partition(0, 0, 10)), Map.of(0, 10L), Map.of(0, 10L));
    assertEquals(
        List.of("event time within 5 s of the readers'"),
        SwitchChecks.stillMissing(
            read, Map.of(0, 10L), OptionalLong.of(94_999), OptionalLong.of(100_000), LIMITS));
    assertEquals(
        List.of("event time within 5 s of the readers'"),
        SwitchChecks.stillMissing(
            read, Map.of(0, 10L), OptionalLong.empty(), OptionalLong.of(100_000), LIMITS));
  }

  @Test
  void withNoVersionServing_eventTimeIsNotWaitedFor() {
    CatchUpProgress read =
        CatchUpProgress.of(List.of(partition(0, 0, 10)), Map.of(0, 10L), Map.of(0, 10L));
    assertTrue(
        SwitchChecks.stillMissing(
                read, Map.of(0, 10L), OptionalLong.empty(), OptionalLong.empty(), LIMITS)
            .isEmpty());
  }

  private static PartitionRange partition(int partition, long start, long end) {
    return new PartitionRange("t", partition, start, end);
  }

  @Test
  void anArchiveNotReadToItsEnd_keepsTheVersionFromCatchingUp() {
    assertEquals(
        Optional.of("the archive's 4,000 records (read 3,999)"),
        SwitchChecks.archiveStillMissing(4_000, 3_999));
    assertEquals(Optional.empty(), SwitchChecks.archiveStillMissing(4_000, 4_000));
  }
}
