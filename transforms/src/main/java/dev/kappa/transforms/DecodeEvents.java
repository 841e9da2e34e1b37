package dev.kappa.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import dev.kappa.codec.EventJson;
import dev.kappa.codec.InvalidEventException;
import dev.kappa.metrics.KappaMetrics;
import dev.kappa.model.DeadLetter;
import dev.kappa.model.Event;
import dev.kappa.model.EventCoders;
import dev.kappa.model.SourceRecord;
import dev.kappa.windowing.Lateness;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
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
 * original payload, the reason and the stage: {@value #STAGE}, or {@value #TOO_LATE_STAGE} for a
 * record too late for its windows).
 *
 * <p>Too late: a live Kafka read stamps a record that is behind its partition's watermark with that
 * watermark instead of its event time ({@code ReadKafkaLive}), so that no runner drops it unseen.
 * Here, where its payload and position are still at hand, it gets its event time back, or, when
 * every window of that time expired at that watermark ({@link Lateness}), goes to the dead letters
 * with the reason, counted as {@link KappaMetrics#TOO_LATE}: a replay, which has no late data,
 * would count it, so it is kept for {@code kappa verify} to explain the difference. Records longer
 * than {@value #MAX_RECORD_CHARS} characters are rejected unparsed: no marketplace event is
 * anywhere near that size; so are records the source rejected ({@link
 * SourceRecord#getRejection()}). It counts {@link KappaMetrics#RECORDS_READ}, the decoded events
 * per type and {@link KappaMetrics#DEAD_LETTERS}; they balance: read = decoded + dead letters.
 */
public final class DecodeEvents extends PTransform<PCollection<SourceRecord>, PCollectionTuple> {
  public static final String STAGE = "decode";
  public static final String TOO_LATE_STAGE = "window";
  public static final int MAX_RECORD_CHARS = 1 << 20;

  public static final TupleTag<Event> EVENTS = new TupleTag<Event>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<DeadLetter>() {};

  private final Lateness lateness;

  private DecodeEvents(Lateness lateness) {
    this.lateness = lateness;
  }

  /** Decodes records for a pipeline whose windows and allowed lateness {@code lateness} holds. */
  public static DecodeEvents fromJson(Lateness lateness) {
    checkArgument(lateness != null, "lateness must not be null; Lateness.none() for no windows");
    return new DecodeEvents(lateness);
  }

  @Override
  public PCollectionTuple expand(PCollection<SourceRecord> records) {
    PCollectionTuple decoded =
        records.apply(
            "DecodeJson",
            ParDo.of(new DecodeFn(lateness)).withOutputTags(EVENTS, TupleTagList.of(DEAD_LETTERS)));
    decoded.get(EVENTS).setCoder(EventCoders.events());
    return decoded;
  }

  static final class DecodeFn extends DoFn<SourceRecord, Event> {
    private final Lateness lateness;
    private final Counter recordsRead = KappaMetrics.counter(KappaMetrics.RECORDS_READ);
    private final Counter deadLetters = KappaMetrics.counter(KappaMetrics.DEAD_LETTERS);
    private final Counter tooLate = KappaMetrics.counter(KappaMetrics.TOO_LATE);
    private final Map<Event.Type, Counter> decoded = new EnumMap<>(Event.Type.class);

    DecodeFn(Lateness lateness) {
      this.lateness = lateness;
      for (Event.Type type : Event.Type.values()) {
        decoded.put(type, KappaMetrics.counter(KappaMetrics.decoded(type)));
      }
    }

    /**
     * A record stamped with its partition's watermark goes back to its earlier event time; the
     * runner only lets a DoFn move an element back in time this far when it says so.
     */
    @Override
    @SuppressWarnings("deprecation")
    public org.joda.time.Duration getAllowedTimestampSkew() {
      return org.joda.time.Duration.millis(Long.MAX_VALUE);
    }

    @ProcessElement
    public void processElement(
        @Element SourceRecord record, @Timestamp Instant stamped, MultiOutputReceiver out) {
      recordsRead.inc();
      try {
        if (record.getRejection() != null) {
          throw new InvalidEventException(record.getRejection());
        }
        Event event = decode(record.getPayload());
        Instant eventTime = new Instant(event.dateTime());
        Optional<String> late =
            lateness.judges(event.type()) ? lateness.tooLate(eventTime, stamped) : Optional.empty();
        if (late.isPresent()) {
          tooLate.inc();
          deadLetters.inc();
          out.get(DEAD_LETTERS).output(DeadLetter.of(record, late.get(), TOO_LATE_STAGE));
          return;
        }
        decoded.get(event.type()).inc();
        out.get(EVENTS).outputWithTimestamp(event, eventTime);
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
