package dev.kappa.windowing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kappa.model.Event;
import java.util.Optional;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** The rule a record is too late by, as a runner drops data: windows expired at the watermark. */
class LatenessTest {
  private static final Triggering THIRTY_SECONDS =
      Triggering.of(
          Duration.ZERO, Duration.standardSeconds(30), Triggering.Accumulation.ACCUMULATING);

  private static Instant at(long seconds) {
    return new Instant(seconds * 1000);
  }

  @Test
  void aFixedWindow_expiresOnceTheWatermarkPassesItsLastMomentPlusTheLateness() {
    Lateness lateness =
        Lateness.of(FixedWindows.of(Duration.standardSeconds(10)), THIRTY_SECONDS, Event.Type.BID);

    // [0, 10): last moment 9.999 s, expired when the watermark is past 39.999 s.
    assertEquals(Optional.empty(), lateness.tooLate(at(8), new Instant(39_999)));
    assertEquals(
        Optional.of(
            "too late: event time 1970-01-01T00:00:08.000Z, window [1970-01-01T00:00:00.000Z,"
                + " 1970-01-01T00:00:10.000Z) expired at watermark 1970-01-01T00:00:40.000Z"
                + " (allowed lateness 30 s)"),
        lateness.tooLate(at(8), at(40)));
  }

  @Test
  void aRecordAtOrAheadOfTheWatermark_isNeverTooLate() {
    Lateness lateness =
        Lateness.of(FixedWindows.of(Duration.standardSeconds(10)), THIRTY_SECONDS, Event.Type.BID);

    assertEquals(Optional.empty(), lateness.tooLate(at(100), at(100)));
    assertEquals(Optional.empty(), Lateness.none().tooLate(at(8), at(1_000)));
  }

  @Test
  void onlyTheEventTypesAPipelineWindows_areJudged() {
    Lateness bids =
        Lateness.of(FixedWindows.of(Duration.standardSeconds(10)), THIRTY_SECONDS, Event.Type.BID);

    assertTrue(bids.judges(Event.Type.BID));
    assertFalse(bids.judges(Event.Type.PERSON));
    assertFalse(Lateness.none().judges(Event.Type.BID));
  }

  @Test
  void aSlidingWindowRecord_isTooLateOnlyWhenEveryWindowOfItExpired() {
    Lateness lateness =
        Lateness.of(
            SlidingWindows.of(Duration.standardSeconds(60)).every(Duration.standardSeconds(10)),
            THIRTY_SECONDS,
            Event.Type.BID);

    // At 55 s: six windows, [0, 60) to [50, 110). At watermark 95 s the newest is open (109.999 s
    // + 30 s); at 141 s every one has expired.
    assertEquals(Optional.empty(), lateness.tooLate(at(55), at(95)));
    Optional<String> expired = lateness.tooLate(at(55), at(141));
    assertTrue(expired.orElseThrow().contains("window [1970-01-01T00:00:50.000Z,"), expired.get());
  }

  @Test
  void aSessionRecord_isJudgedByTheWindowItOpensAlone() {
    Lateness lateness =
        Lateness.of(
            Sessions.withGapDuration(Duration.standardSeconds(10)), THIRTY_SECONDS, Event.Type.BID);

    // [8, 18): expired past 47.999 s.
    assertEquals(Optional.empty(), lateness.tooLate(at(8), new Instant(47_999)));
    assertTrue(lateness.tooLate(at(8), at(48)).isPresent());
  }

  @Test
  void aReason_saysWhenTheRecordCameAndWhatLatenessWouldHaveKeptIt() {
    Lateness lateness =
        Lateness.of(FixedWindows.of(Duration.standardSeconds(10)), THIRTY_SECONDS, Event.Type.BID);
    String reason = lateness.tooLate(at(8), new Instant(52_500)).orElseThrow();

    Lateness.Expired expired = Lateness.parse(reason).orElseThrow();

    assertEquals(new Lateness.Expired(at(8), at(10), new Instant(52_500)), expired);
    // Kept while 9.999 s + lateness >= 52.5 s: 43 s.
    assertEquals(43, expired.latenessToKeepSeconds());
    assertEquals(Optional.empty(), Lateness.parse("malformed JSON: ..."));
  }
}
