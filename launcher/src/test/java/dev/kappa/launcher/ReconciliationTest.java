package dev.kappa.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kappa.launcher.Reconciliation.Difference;
import dev.kappa.launcher.Reconciliation.Kind;
import dev.kappa.launcher.Reconciliation.Outcome;
import dev.kappa.launcher.serving.ServedRow;
import dev.kappa.launcher.serving.ServingReader.ResultWindow;
import dev.kappa.launcher.serving.ServingReader.TooLateRecord;
import dev.kappa.windowing.Lateness;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The rule {@code kappa verify} decides by: which windows are final in the live version, and how
 * rows of the windows final in both compare. Windows are 10 ms long, allowed lateness 5 ms.
 */
class ReconciliationTest {
  private static final long LATENESS = 5;

  /** A live version that has committed every record the replay read (offsets 0-99). */
  private static final LiveReach READ_ALL = new LiveReach(Map.of(0, 100L), Map.of(0, 100L));

  /** One that has committed 97 of them. */
  private static final LiveReach THREE_NOT_READ = new LiveReach(Map.of(0, 100L), Map.of(0, 97L));

  /** A row as the test writes it, and whether a final (on-time or late) pane wrote it. */
  private record Pane(ServedRow row, boolean isFinal) {}

  private static Pane row(long auction, long start, boolean finalPane, long bids) {
    return new Pane(
        new ServedRow(List.of(auction), start, start + 10, Map.of("bids", bids)), finalPane);
  }

  private static Pane finalPane(ServedRow row) {
    return new Pane(row, true);
  }

  private static List<ServedRow> rows(List<Pane> panes) {
    return panes.stream().map(Pane::row).toList();
  }

  /** The live watermark the table of {@code panes} shows, as verify reads it when it starts. */
  private static OptionalLong watermarkOf(List<Pane> panes) {
    return Reconciliation.liveWatermark(
        panes.stream()
            .map(p -> new ResultWindow(p.row().windowStart(), p.row().windowEnd(), p.isFinal()))
            .toList());
  }

  /**
   * {@code live} against {@code replay} over the windows final by the live rows' own watermark, as
   * when the table has not changed since verify started.
   */
  private static Outcome reconcile(
      List<Pane> live, List<Pane> replay, List<TooLateRecord> tooLate, LiveReach reach) {
    return Reconciliation.of(rows(live), rows(replay), watermarkOf(live), LATENESS, tooLate, reach);
  }

  @Test
  void equalRowsInFinalWindows_areAllEqual() {
    List<Pane> rows = List.of(row(1, 0, true, 3), row(2, 0, false, 1), row(1, 10, true, 2));
    Outcome outcome = reconcile(rows, rows, List.of(), READ_ALL);

    assertEquals(20, outcome.liveWatermarkAtLeast().getAsLong());
    // Window 0-10 is final (10 + 5 < 20); 10-20 may still get a late pane.
    assertEquals(2, outcome.rowsCompared());
    assertEquals(1, outcome.windowsCompared());
    assertEquals(2, outcome.equal());
    assertTrue(outcome.differences().isEmpty());
    assertEquals(1, outcome.notFinalYet());
  }

  @Test
  void aWindowEndingExactlyAllowedLatenessBeforeTheWatermark_isNotFinalYet() {
    // A late pane may come while the watermark has not passed the window's end plus lateness.
    List<Pane> live = List.of(row(1, 0, true, 3), row(1, 5, true, 1));
    Outcome outcome = reconcile(live, List.of(row(1, 0, true, 4)), List.of(), READ_ALL);

    assertEquals(15, outcome.liveWatermarkAtLeast().getAsLong());
    assertEquals(0, outcome.rowsCompared());
    assertEquals(2, outcome.notFinalYet());
  }

  @Test
  void aLiveVersionWithOnlyEarlyPanes_hasNothingFinal() {
    Outcome outcome =
        reconcile(List.of(row(1, 0, false, 3)), List.of(row(1, 0, true, 3)), List.of(), READ_ALL);

    assertTrue(outcome.liveWatermarkAtLeast().isEmpty());
    assertEquals(0, outcome.rowsCompared());
    assertEquals(1, outcome.notFinalYet());
  }

  @Test
  void aRowChangedInTheLiveTable_isDifferentWithBothSides() {
    List<Pane> replay = List.of(row(1, 0, true, 3), row(2, 0, true, 4), row(1, 30, true, 1));
    List<Pane> live = List.of(row(1, 0, true, 3), row(2, 0, true, 5), row(1, 30, true, 1));
    Outcome outcome = reconcile(live, replay, List.of(), READ_ALL);

    assertEquals(
        List.of(
            new Difference(
                Kind.DIFFERENT,
                List.of(2L),
                0,
                10,
                Map.of("bids", 5L),
                Map.of("bids", 4L),
                List.of(),
                false)),
        outcome.differences());
    assertEquals(1, outcome.equal());
  }

  @Test
  void aLiveRowHoldingMoreInEveryNumberThatDiffers_countsMore_andStaysUnexplained() {
    Pane replayRow =
        finalPane(new ServedRow(List.of(1L), 0, 10, Map.of("bids", 3L, "max", 9L, "state", "OR")));
    List<Pane> replay = List.of(replayRow, row(1, 30, true, 1));
    Outcome outcome =
        reconcile(
            List.of(
                finalPane(
                    new ServedRow(
                        List.of(1L), 0, 10, Map.of("bids", 4L, "max", 9L, "state", "OR"))),
                row(1, 30, true, 1)),
            replay,
            List.of(),
            READ_ALL);

    assertEquals(Reconciliation.Cause.COUNTS_MORE, outcome.differences().get(0).cause());
    assertEquals(1, outcome.unexplained(), "a record counted twice is a fault, not by design");
  }

  @Test
  void aLiveRowHoldingLessOrOtherwiseDifferent_isUnexplained() {
    Pane replayRow =
        finalPane(new ServedRow(List.of(1L), 0, 10, Map.of("bids", 3L, "state", "OR")));
    List<Pane> fewer =
        List.of(
            finalPane(new ServedRow(List.of(1L), 0, 10, Map.of("bids", 2L, "state", "OR"))),
            row(1, 30, true, 1));
    List<Pane> otherText =
        List.of(
            finalPane(new ServedRow(List.of(1L), 0, 10, Map.of("bids", 4L, "state", "ID"))),
            row(1, 30, true, 1));

    for (List<Pane> live : List.of(fewer, otherText)) {
      Outcome outcome =
          reconcile(live, List.of(replayRow, row(1, 30, true, 1)), List.of(), READ_ALL);
      assertEquals(Reconciliation.Cause.UNEXPLAINED, outcome.differences().get(0).cause());
    }
  }

  @Test
  void rowsOnOneSideOnly_areNamedByTheSideThatHasThem() {
    List<Pane> live = List.of(row(1, 0, true, 3), row(1, 30, true, 1));
    List<Pane> replay = List.of(row(2, 0, true, 3), row(1, 30, true, 1));
    Outcome outcome = reconcile(live, replay, List.of(), READ_ALL);

    assertEquals(1, outcome.count(Kind.ONLY_LIVE));
    assertEquals(1, outcome.count(Kind.ONLY_REPLAY));
    Difference onlyLive = outcome.differences().get(0);
    assertEquals(List.of(1L), onlyLive.key());
    assertEquals(null, onlyLive.replay());
  }

  @Test
  void differencesComeInWindowThenKeyOrder() {
    List<Pane> live =
        List.of(row(2, 10, true, 1), row(1, 10, true, 1), row(3, 0, true, 1), row(1, 50, true, 1));
    Outcome outcome = reconcile(live, List.of(), List.of(), READ_ALL);

    assertEquals(
        List.of(List.of(3L), List.of(1L), List.of(2L)),
        outcome.differences().stream().map(Difference::key).toList());
  }

  @Test
  void averagesEqualButForTheirLastBits_areEqual() {
    assertTrue(
        Reconciliation.sameAnswer(Map.of("avg", 0.1 + 0.2), Map.of("avg", 0.3)),
        "summed in another order");
    assertFalse(Reconciliation.sameAnswer(Map.of("avg", 100.0), Map.of("avg", 100.01)));
    assertFalse(Reconciliation.sameAnswer(Map.of("avg", 1.0), Map.of("avg", "1.0")));
  }

  private static TooLateRecord tooLate(
      String origin, long eventTime, long windowEnd, long watermark) {
    return new TooLateRecord(
        origin,
        new Lateness.Expired(
            new Instant(eventTime), new Instant(windowEnd), new Instant(watermark)));
  }

  @Test
  void recordsTheLiveVersionFoundTooLate_explainTheDifferencesOfTheirWindowOnly() {
    List<Pane> live = List.of(row(1, 0, true, 3), row(1, 10, true, 1), row(1, 50, true, 1));
    List<Pane> replay = List.of(row(1, 0, true, 5), row(1, 10, true, 2), row(1, 50, true, 1));
    // Two records of window 0-10 came when the watermark was at 22 and 24 (lateness 5 ms).
    List<TooLateRecord> tooLate =
        List.of(
            tooLate("t/0@7", 3, 10, 22),
            tooLate("t/1@9", 9, 10, 24),
            tooLate("t/0@30", 35, 40, 60));

    Outcome outcome = reconcile(live, replay, tooLate, READ_ALL);

    Difference explained = outcome.differences().get(0);
    assertEquals(
        List.of("t/0@7", "t/1@9"),
        explained.tooLate().stream().map(TooLateRecord::origin).toList());
    assertTrue(explained.explained());
    assertFalse(outcome.differences().get(1).explained(), "window 10-20 had no record too late");
    assertEquals(1, outcome.unexplained());
    // Kept while 9 ms + lateness >= 24 ms: 15 ms, so 1 s in whole seconds.
    assertEquals(1, outcome.latenessToKeepSeconds().getAsLong());
    assertEquals(2, outcome.tooLate().size(), "only records that explain a difference");
  }

  @Test
  void aLiveRowMissingOrHoldingLess_whileTheLiveVersionHasNotReadAllTheReplayRead_isNotReadYet() {
    List<Pane> replay = List.of(row(1, 0, true, 3), row(2, 0, true, 1), row(1, 30, true, 1));
    List<Pane> live = List.of(row(1, 0, true, 2), row(1, 30, true, 1));

    Outcome outcome = reconcile(live, replay, List.of(), THREE_NOT_READ);

    assertEquals(
        List.of(Reconciliation.Cause.NOT_READ_YET, Reconciliation.Cause.NOT_READ_YET),
        outcome.differences().stream().map(Difference::cause).toList());
    assertEquals(2, outcome.unexplained(), "unexplained until a verify after it has read them");
  }

  @Test
  void recordsNotReadYet_neverExplainARowOnlyTheLiveVersionHas_norOneHoldingMore() {
    List<Pane> replay = List.of(row(1, 0, true, 3), row(1, 30, true, 1));
    List<Pane> live = List.of(row(1, 0, true, 4), row(2, 0, true, 1), row(1, 30, true, 1));

    Outcome outcome = reconcile(live, replay, List.of(), THREE_NOT_READ);

    assertEquals(
        List.of(Reconciliation.Cause.COUNTS_MORE, Reconciliation.Cause.UNEXPLAINED),
        outcome.differences().stream().map(Difference::cause).toList());
  }

  @Test
  void aLiveVersionCommittingNoOffsets_leavesAMissingRowUnexplained() {
    List<Pane> replay = List.of(row(1, 0, true, 3), row(1, 30, true, 1));
    List<Pane> live = List.of(row(1, 30, true, 1));
    LiveReach noCommits = new LiveReach(Map.of(0, 100L), Map.of());

    Outcome outcome = reconcile(live, replay, List.of(), noCommits);

    assertEquals(Reconciliation.Cause.UNEXPLAINED, outcome.differences().get(0).cause());
  }

  @Test
  void windowsFinalOnlyAfterVerifyStarted_areNotCompared() {
    // When verify started, the newest final pane was for window 10-20; by the time the rows were
    // read, one for 40-50 had come, and window 20-30 had gained a late record the replay lacks.
    List<Pane> atStart = List.of(row(1, 0, true, 3), row(1, 10, true, 1));
    List<Pane> live =
        List.of(row(1, 0, true, 3), row(1, 10, true, 1), row(1, 20, true, 2), row(1, 40, true, 1));
    List<Pane> replay =
        List.of(row(1, 0, true, 3), row(1, 10, true, 1), row(1, 20, true, 1), row(1, 40, true, 1));

    Outcome outcome =
        Reconciliation.of(
            rows(live), rows(replay), watermarkOf(atStart), LATENESS, List.of(), READ_ALL);

    assertEquals(20, outcome.liveWatermarkAtLeast().getAsLong());
    assertEquals(1, outcome.rowsCompared(), "only 0-10 ends more than the lateness before 20");
    assertTrue(outcome.differences().isEmpty());
    assertEquals(3, outcome.notFinalYet());
  }
}
