package dev.kappa.transforms;

import static dev.kappa.Fixtures.atSeconds;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Lifted combining gives what {@code Combine} gives, per key and window, bundles or not. */
@ExtendWith(TestPipelineExtension.class)
class CombineWithLiftingTest {
  private static final Duration TEN_SECONDS = Duration.standardSeconds(10);

  /** 3,000 values over {@code keys} keys and 25 s of event time. */
  private static List<TimestampedValue<KV<String, Long>>> values(int keys) {
    List<TimestampedValue<KV<String, Long>>> values = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      values.add(TimestampedValue.of(KV.of("k" + (i % keys), (long) i), atSeconds(i % 25)));
    }
    return values;
  }

  /** The sums per key and 10 s window, computed in plain Java. */
  private static List<KV<String, Long>> sums(List<TimestampedValue<KV<String, Long>>> values) {
    Map<String, Long> sums = new TreeMap<>();
    for (TimestampedValue<KV<String, Long>> v : values) {
      long window = v.getTimestamp().getMillis() / TEN_SECONDS.getMillis();
      sums.merge(v.getValue().getKey() + "@" + window, v.getValue().getValue(), Long::sum);
    }
    List<KV<String, Long>> expected = new ArrayList<>();
    sums.forEach((key, sum) -> expected.add(KV.of(key.substring(0, key.indexOf('@')), sum)));
    return expected;
  }

  private static PCollection<KV<String, Long>> windowed(
      TestPipeline pipeline, List<TimestampedValue<KV<String, Long>>> values) {
    return pipeline
        .apply(
            Create.timestamped(values)
                .withCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())))
        .apply(Window.into(FixedWindows.of(TEN_SECONDS)));
  }

  @Test
  void boundedInput_sumsPerKeyAndWindowAsCombineDoes(TestPipeline pipeline) {
    List<TimestampedValue<KV<String, Long>>> values = values(7);
    PCollection<KV<String, Long>> input = windowed(pipeline, values);

    PCollection<KV<String, Long>> lifted = input.apply(CombineWithLifting.perKey(Sum.ofLongs()));

    assertTrue(CombineWithLifting.lifts(input));
    PAssert.that(lifted).containsInAnyOrder(sums(values));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void moreKeysThanABundleKeeps_handsPartialsOnEarlyAndStillSumsAll(TestPipeline pipeline) {
    List<TimestampedValue<KV<String, Long>>> values = values(500);

    PCollection<KV<String, Long>> lifted =
        windowed(pipeline, values)
            .apply(
                CombineWithLifting.<String, Long, long[], Long>perKey(Sum.ofLongs())
                    .withMaxEntries(3));

    PAssert.that(lifted).containsInAnyOrder(sums(values));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void globally_oneResultPerSlidingWindowWithInput(TestPipeline pipeline) {
    PCollection<Long> values =
        pipeline
            .apply(
                Create.timestamped(
                    TimestampedValue.of(1L, atSeconds(1)),
                    TimestampedValue.of(2L, atSeconds(12)),
                    TimestampedValue.of(3L, atSeconds(14))))
            .apply(Window.into(SlidingWindows.of(Duration.standardSeconds(20)).every(TEN_SECONDS)));

    PCollection<Long> counts = values.apply(CombineWithLifting.globally(Count.combineFn()));

    PAssert.that(counts)
        .inWindow(new IntervalWindow(atSeconds(-10), Duration.standardSeconds(20)))
        .containsInAnyOrder(1L);
    PAssert.that(counts)
        .inWindow(new IntervalWindow(atSeconds(0), Duration.standardSeconds(20)))
        .containsInAnyOrder(3L);
    PAssert.that(counts)
        .inWindow(new IntervalWindow(atSeconds(10), Duration.standardSeconds(20)))
        .containsInAnyOrder(2L);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void sessions_areCombinedPlainly(TestPipeline pipeline) {
    PCollection<Long> sessions =
        pipeline
            .apply("Bounded", Create.of(1L, 2L))
            .apply(Window.into(Sessions.withGapDuration(TEN_SECONDS)));

    assertFalse(CombineWithLifting.lifts(sessions));
    pipeline.run().waitUntilFinish();
  }

  /**
   * Live, the answer is the same; what changes is that late values arriving in one bundle are
   * folded together, so they correct the result in one late pane, not one each.
   */
  @Test
  void liveInput_isLifted_andTheLateValuesOfOneBundleShareALatePane(TestPipeline pipeline) {
    TestStream<Long> stream =
        TestStream.create(VarLongCoder.of())
            .addElements(TimestampedValue.of(1L, atSeconds(1)))
            .advanceWatermarkTo(atSeconds(15))
            .addElements(
                TimestampedValue.of(2L, atSeconds(2)), TimestampedValue.of(3L, atSeconds(3)))
            .advanceWatermarkToInfinity();
    PCollection<Long> live =
        pipeline
            .apply("Live", stream)
            .apply(
                Window.<Long>into(FixedWindows.of(TEN_SECONDS))
                    .triggering(
                        AfterWatermark.pastEndOfWindow()
                            .withLateFirings(AfterPane.elementCountAtLeast(1)))
                    .withAllowedLateness(Duration.standardSeconds(30))
                    .accumulatingFiredPanes());

    PCollection<Long> sums = live.apply(CombineWithLifting.globally(Sum.ofLongs()));

    assertTrue(CombineWithLifting.lifts(live));
    IntervalWindow first = new IntervalWindow(atSeconds(0), TEN_SECONDS);
    PAssert.that(sums).inOnTimePane(first).containsInAnyOrder(1L);
    PAssert.that(sums).inLatePane(first).containsInAnyOrder(6L);
    pipeline.run().waitUntilFinish();
  }
}
