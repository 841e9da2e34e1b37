package dev.kappa.generator;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import dev.kappa.codec.EventJson;
import dev.kappa.model.Event;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
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
    return input
        .apply("CountEventIndexes", GenerateSequence.from(0).to(config.events()))
        .apply("GenerateEventJson", ParDo.of(new JsonAtIndexFn(generator)));
  }

  /** Event {@code i} as JSON, at its event time (batch elements start at the minimum timestamp). */
  private static final class JsonAtIndexFn extends DoFn<Long, String> {
    private final EventGenerator generator;

    JsonAtIndexFn(EventGenerator generator) {
      this.generator = generator;
    }

    @ProcessElement
    public void processElement(@Element Long index, OutputReceiver<String> out) {
      Event event = generator.event(index);
      out.outputWithTimestamp(EventJson.encode(event), new Instant(event.dateTime()));
    }
  }
}
