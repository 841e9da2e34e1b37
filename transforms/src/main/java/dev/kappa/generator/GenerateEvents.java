package dev.kappa.generator;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import dev.kappa.codec.EventJson;
import dev.kappa.model.Event;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * Generated marketplace events as JSON wire-format lines, each stamped with its event time.
 *
 * <p>{@link #bounded} makes {@code events} events as a batch input. {@link #unbounded} makes a live
 * stream: at {@code ratePerSecond} events per wall-clock second (0: as fast as possible), with a
 * watermark that trails the events by the configured out-of-orderness, ending after {@code events}
 * events (0: never).
 */
public final class GenerateEvents extends PTransform<PBegin, PCollection<String>> {
  /**
   * Events per range of indexes. A bounded run generates its ranges in {@code DoFn}s rather than
   * reading a {@code GenerateSequence}: Beam's Flink runner pushes a source's metrics into Flink
   * after every element it reads, a {@code DoFn}'s once per bundle.
   */
  private static final long EVENTS_PER_RANGE = 10_000;

  private final GeneratorConfig config;
  private final boolean unbounded;
  private final double ratePerSecond;

  private GenerateEvents(GeneratorConfig config, boolean unbounded, double ratePerSecond) {
    this.config = config;
    this.unbounded = unbounded;
    this.ratePerSecond = ratePerSecond;
  }

  public static GenerateEvents bounded(GeneratorConfig config) {
    return new GenerateEvents(config, false, 0);
  }

  public static GenerateEvents unbounded(GeneratorConfig config, double ratePerSecond) {
    checkArgument(ratePerSecond >= 0, "ratePerSecond must be >= 0, got %s", ratePerSecond);
    return new GenerateEvents(config, true, ratePerSecond);
  }

  @Override
  public PCollection<String> expand(PBegin input) {
    EventGenerator generator = new EventGenerator(config);
    if (unbounded) {
      return input.apply("ReadGenerator", Read.from(new GeneratorSource(generator, ratePerSecond)));
    }
    checkArgument(config.events() > 0, "a bounded generator needs events > 0");
    List<KV<Long, Long>> ranges = new ArrayList<>();
    for (long start = 0; start < config.events(); start += EVENTS_PER_RANGE) {
      ranges.add(KV.of(start, Math.min(config.events(), start + EVENTS_PER_RANGE)));
    }
    return input
        .apply("SliceIndexes", Create.of(ranges))
        .apply("SpreadRanges", Reshuffle.viaRandomKey())
        .apply("GenerateEventJson", ParDo.of(new JsonInRangeFn(generator)));
  }

  /**
   * The events of indexes {@code [start, end)} as JSON, each at its event time (batch elements
   * start at the minimum timestamp).
   */
  private static final class JsonInRangeFn extends DoFn<KV<Long, Long>, String> {
    private final EventGenerator generator;

    JsonInRangeFn(EventGenerator generator) {
      this.generator = generator;
    }

    @ProcessElement
    public void processElement(@Element KV<Long, Long> range, OutputReceiver<String> out) {
      for (long index = range.getKey(); index < range.getValue(); index++) {
        Event event = generator.event(index);
        out.outputWithTimestamp(EventJson.encode(event), new Instant(event.dateTime()));
      }
    }
  }
}
