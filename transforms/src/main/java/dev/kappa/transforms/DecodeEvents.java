package dev.kappa.transforms;

import dev.kappa.codec.EventJson;
import dev.kappa.codec.InvalidEventException;
import dev.kappa.model.DeadLetter;
import dev.kappa.model.Event;
import dev.kappa.model.EventCoders;
import dev.kappa.model.SourceRecord;
import java.util.EnumMap;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Decodes JSON wire-format records into typed {@link Event}s. Every record ends up in exactly one
 * of the two outputs: {@link #EVENTS} or {@link #DEAD_LETTERS} (its origin, the original payload,
 * the reason and the stage {@value #STAGE}). Records longer than {@value #MAX_RECORD_CHARS}
 * characters are rejected unparsed: no marketplace event is anywhere near that size. Counters in namespace {@value #METRICS_NAMESPACE}: {@code
 * recordsRead}, {@code decodedPersons}, {@code decodedAuctions}, {@code decodedBids}, {@code
 * deadLetters}; they balance: read = decoded + dead letters.
 */
public final class DecodeEvents extends PTransform<PCollection<SourceRecord>, PCollectionTuple> {
  public static final String STAGE = "decode";
  public static final String METRICS_NAMESPACE = "kappa";
  public static final String RECORDS_READ = "recordsRead";
  public static final String DEAD_LETTERS_COUNTER = "deadLetters";
  public static final int MAX_RECORD_CHARS = 1 << 20;

  public static final TupleTag<Event> EVENTS = new TupleTag<Event>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<DeadLetter>() {};

  private DecodeEvents() {}

  public static DecodeEvents fromJson() {
    return new DecodeEvents();
  }

  /** The counter name for events decoded of one type, e.g. {@code decodedBids}. */
  public static String decodedCounterName(Event.Type type) {
    switch (type) {
      case PERSON:
        return "decodedPersons";
      case AUCTION:
        return "decodedAuctions";
      default:
        return "decodedBids";
    }
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
    private final Counter recordsRead = Metrics.counter(METRICS_NAMESPACE, RECORDS_READ);
    private final Counter deadLetters = Metrics.counter(METRICS_NAMESPACE, DEAD_LETTERS_COUNTER);
    private final Map<Event.Type, Counter> decoded = new EnumMap<>(Event.Type.class);

    DecodeFn() {
      for (Event.Type type : Event.Type.values()) {
        decoded.put(type, Metrics.counter(METRICS_NAMESPACE, decodedCounterName(type)));
      }
    }

    @ProcessElement
    public void processElement(@Element SourceRecord record, MultiOutputReceiver out) {
      recordsRead.inc();
      try {
        Event event = decode(record.getPayload());
        decoded.get(event.type()).inc();
        out.get(EVENTS).output(event);
      } catch (InvalidEventException e) {
        deadLetters.inc();
        out.get(DEAD_LETTERS).output(DeadLetter.of(record, e.getMessage(), STAGE));
      }
    }

    private static Event decode(String payload) throws InvalidEventException {
      if (payload.length() > MAX_RECORD_CHARS) {
        throw new InvalidEventException(
            "record of " + payload.length() + " characters is over the limit of "
                + MAX_RECORD_CHARS);
      }
      return EventJson.decode(payload);
    }
  }
}
