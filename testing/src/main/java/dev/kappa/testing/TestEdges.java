package dev.kappa.testing;

import dev.kappa.model.Event;
import dev.kappa.model.EventCoders;
import dev.kappa.pipelines.Edges;
import dev.kappa.windowing.Lateness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * A pipeline's edges in a test, as flink-training's jobs take a test source and sink: the events
 * the test gives (a {@code TestStream} or {@code Create}), and a sink that keeps what the pipeline
 * wrote, so a test can check that {@code build(...)} wrote the results it returned and assert on
 * them with {@code PAssert}.
 */
public final class TestEdges implements Edges {
  private static final int CHUNK = 1_000;
  private final PTransform<PBegin, PCollection<Event>> events;
  private final List<PCollection<?>> written = new ArrayList<>();

  private TestEdges(PTransform<PBegin, PCollection<Event>> events) {
    this.events = events;
  }

  public static TestEdges of(PTransform<PBegin, PCollection<Event>> events) {
    return new TestEdges(events);
  }

  /** The valid events of a JSON lines file, each stamped with its event time, as a batch. */
  public static TestEdges ofFile(Path file) {
    List<TimestampedValue<Event>> stamped =
        Models.events(file).stream()
            .map(event -> TimestampedValue.of(event, new Instant(event.dateTime())))
            .collect(Collectors.toList());
    return of(Create.timestamped(stamped).withCoder(EventCoders.events()));
  }

  /**
   * The same events as a stream, in file order: {@value #CHUNK} at a time, each chunk followed by
   * the watermark advancing to the earliest event time still to come (so nothing is late) and by
   * processing time passing (so early panes fire), as a live run over the file would see them.
   */
  public static TestEdges streamOfFile(Path file) {
    List<Event> events = Models.events(file);
    long[] earliestFrom = new long[events.size() + 1];
    earliestFrom[events.size()] = Long.MAX_VALUE;
    for (int i = events.size() - 1; i >= 0; i--) {
      earliestFrom[i] = Math.min(events.get(i).dateTime(), earliestFrom[i + 1]);
    }
    TestStream.Builder<Event> stream = TestStream.create(EventCoders.events());
    long watermark = Long.MIN_VALUE;
    for (int start = 0; start < events.size(); start += CHUNK) {
      int end = Math.min(start + CHUNK, events.size());
      List<TimestampedValue<Event>> chunk = new ArrayList<>();
      for (Event event : events.subList(start, end)) {
        chunk.add(TimestampedValue.of(event, new Instant(event.dateTime())));
      }
      stream =
          stream.addElements(
              chunk.get(0), chunk.subList(1, chunk.size()).toArray(new TimestampedValue[0]));
      if (end < events.size() && earliestFrom[end] > watermark) {
        watermark = earliestFrom[end];
        stream = stream.advanceWatermarkTo(new Instant(watermark));
      }
      stream = stream.advanceProcessingTime(Duration.standardSeconds(10));
    }
    return of(stream.advanceWatermarkToInfinity());
  }

  /** The test's events as given: a test states their timestamps, so none is stamped late. */
  @Override
  public PCollection<Event> readEvents(Pipeline pipeline, Lateness lateness) {
    return pipeline.apply("TestEvents", events);
  }

  @Override
  public <T> void writeResults(PCollection<T> results) {
    written.add(results);
  }

  /** What the pipeline handed to its sink, in order. */
  public List<PCollection<?>> written() {
    return written;
  }
}
