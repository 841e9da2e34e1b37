package dev.kappa.transforms;

import dev.kappa.model.Event;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithTimestamps;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * Stamps each event with its own {@code dateTime}, so windows follow event time whatever the
 * source: a file's records arrive at the beginning of time and move forward to their event time;
 * the generator and Kafka (with payload timestamps) already carry it, and stay where they are.
 */
public final class AssignEventTimes extends PTransform<PCollection<Event>, PCollection<Event>> {
  private AssignEventTimes() {}

  public static AssignEventTimes fromDateTime() {
    return new AssignEventTimes();
  }

  @Override
  public PCollection<Event> expand(PCollection<Event> events) {
    return events
        .apply(
            "StampWithDateTime", WithTimestamps.of((Event event) -> new Instant(event.dateTime())))
        .setCoder(events.getCoder());
  }
}
