package dev.kappa.transforms;

import dev.kappa.codec.EventJson;
import dev.kappa.codec.InvalidEventException;
import dev.kappa.metrics.KappaMetrics;
import dev.kappa.model.DeadLetter;
import dev.kappa.model.Event;
import dev.kappa.model.EventCoders;
import dev.kappa.model.SourceRecord;
import java.util.EnumMap;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Instant;

/**
 * Decodes JSON wire-format records into typed {@link Event}s, each stamped with its own {@code
 * dateTime}, so windows follow event time whatever the source: a file's records arrive at the
 * beginning of time and move forward to their event time; the generator's and Kafka's (with payload
 * timestamps) already carry it and stay where they are. Stamping here rather than in a step of its
 * own saves every event a step of the runner's per-element machinery. Every record ends up in
 * exactly one of the two outputs: {@link #EVENTS} or {@link #DEAD_LETTERS} (its origin, the
 * original payload, the reason and the stage {@value #STAGE}). Records longer than {@value
 * #MAX_RECORD_CHARS} characters are rejected unparsed: no marketplace event is anywhere near that
 * size; so are records the source rejected ({@link SourceRecord#getRejection()}). It counts {@link
 * KappaMetrics#RECORDS_READ}, the decoded events per type and {@link KappaMetrics#DEAD_LETTERS};
 * they balance: read = decoded + dead letters.
 */
public final class DecodeEvents extends PTransform<PCollection<SourceRecord>, PCollectionTuple> {
  public static final String STAGE = "decode";
  public static final int MAX_RECORD_CHARS = 1 << 20;

  public static final TupleTag<Event> EVENTS = new TupleTag<Event>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<DeadLetter>() {};

  private DecodeEvents() {}

  public static DecodeEvents fromJson() {
    return new DecodeEvents();
  }

  @Override
  public PCollectionTuple expand(PCollection<SourceRecord> records) {
    PCollectionTuple decoded =
        records.apply(
            "DecodeJson",
            ParDo.of(new DecodeFn()).withOutputTags(EVENTS, TupleTagList.of(DEAD_LETTERS)));
    decoded.get(EVENTS).setCoder(EventCoders.events());
    return decoded;
  }

  static final class DecodeFn extends DoFn<SourceRecord, Event> {
    private final Counter recordsRead = KappaMetrics.counter(KappaMetrics.RECORDS_READ);
    private final Counter deadLetters = KappaMetrics.counter(KappaMetrics.DEAD_LETTERS);
    private final Map<Event.Type, Counter> decoded = new EnumMap<>(Event.Type.class);

    DecodeFn() {
      for (Event.Type type : Event.Type.values()) {
        decoded.put(type, KappaMetrics.counter(KappaMetrics.decoded(type)));
      }
    }

    @ProcessElement
    public void processElement(@Element SourceRecord record, MultiOutputReceiver out) {
      recordsRead.inc();
      try {
        if (record.getRejection() != null) {
          throw new InvalidEventException(record.getRejection());
        }
        Event event = decode(record.getPayload());
        decoded.get(event.type()).inc();
        out.get(EVENTS).outputWithTimestamp(event, new Instant(event.dateTime()));
      } catch (InvalidEventException e) {
        deadLetters.inc();
        out.get(DEAD_LETTERS).output(DeadLetter.of(record, e.getMessage(), STAGE));
      }
    }

    private static Event decode(String payload) throws InvalidEventException {
      if (payload.length() > MAX_RECORD_CHARS) {
        throw new InvalidEventException(
            "record of "
                + payload.length()
                + " characters is over the limit of "
                + MAX_RECORD_CHARS);
      }
      return EventJson.decode(payload);
    }
  }
}
