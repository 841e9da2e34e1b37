package dev.kappa.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.model.SourceRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;

/** The pace, on a clock given in the test (no time is measured), and nothing lost to it. */
class ThrottleRecordsTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aSecondsWorthPassesAtOnce_thenOnePerInterval() {
    ThrottleRecords.Pacer pacer = new ThrottleRecords.Pacer(4, 0);
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      waits.add(pacer.waitNanos(0));
    }
    assertEquals(List.of(0L, 0L, 0L, 0L, SECOND / 4, SECOND / 2), waits);
  }

  @Test
  void aQuietSpell_savesUpNoMoreThanOneSecond() {
    ThrottleRecords.Pacer pacer = new ThrottleRecords.Pacer(2, 0);
    long later = 60 * SECOND;
    assertEquals(0, pacer.waitNanos(later));
    assertEquals(0, pacer.waitNanos(later));
    assertEquals(SECOND / 2, pacer.waitNanos(later));
  }

  @Test
  void everyRecordPasses() {
    List<SourceRecord> records = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      records.add(SourceRecord.of("test@" + i, "{}"));
    }
    Pipeline pipeline = Pipeline.create();
    PAssert.that(pipeline.apply(Create.of(records)).apply(ThrottleRecords.perInstance(1_000)))
        .containsInAnyOrder(records);
    pipeline.run().waitUntilFinish();
  }
}
