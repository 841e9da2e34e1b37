package dev.kappa.transforms;

import static dev.kappa.Fixtures.BASE_TIME;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.Fixtures;
import dev.kappa.codec.EventJson;
import dev.kappa.metrics.KappaMetrics;
import dev.kappa.model.DeadLetter;
import dev.kappa.model.Event;
import dev.kappa.model.SourceRecord;
import dev.kappa.windowing.Lateness;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class DecodeEventsTest {
  private static final String MALFORMED = "malformed JSON: ";
  private static final Event PERSON = Event.of(Fixtures.person(1001, "OR", BASE_TIME));
  private static final Event AUCTION = Event.of(Fixtures.auction(1002, 1001, 10, BASE_TIME));
  private static final Event BID = Event.of(Fixtures.bid(1002, 99, BASE_TIME));
  private static final String NEGATIVE_PRICE = EventJson.encode(BID).replace("99", "-99");
  private static final String FAR_FUTURE =
      EventJson.encode(Event.of(Fixtures.bid(1002, 99, new Instant(7_258_118_400_000L))));
  private static final String OVERSIZED =
      EventJson.encode(BID).replace("\"extra\":\"\"", "\"extra\":\"" + "x".repeat(1 << 20) + "\"");

  @Test
  void goodRecordsDecodeAndBadOnesBecomeDeadLettersWithReasons(TestPipeline pipeline) {
    List<String> payloads =
        List.of(
            EventJson.encode(PERSON),
            EventJson.encode(AUCTION),
            EventJson.encode(BID),
            "{oops",
            "{\"type\":\"refund\"}",
            "{\"type\":\"bid\",\"auction\":1}",
            NEGATIVE_PRICE,
            FAR_FUTURE,
            OVERSIZED);
    List<SourceRecord> records = new ArrayList<>();
    for (int i = 0; i < payloads.size(); i++) {
      records.add(SourceRecord.of("test@" + i, payloads.get(i)));
    }
    // A record the source rejected is a dead letter with the source's reason, even if it parses.
    records.add(SourceRecord.rejected("test@9", EventJson.encode(BID), "not UTF-8: byte 3"));

    PCollectionTuple decoded =
        pipeline.apply(Create.of(records)).apply(DecodeEvents.fromJson(Lateness.none()));

    PAssert.that(decoded.get(DecodeEvents.EVENTS)).containsInAnyOrder(PERSON, AUCTION, BID);
    // Jackson's own message after Kappa's "malformed JSON: " is the library's business, not ours.
    PAssert.that(
            decoded
                .get(DecodeEvents.DEAD_LETTERS)
                .apply(
                    "WithoutJacksonsText",
                    MapElements.into(TypeDescriptor.of(DeadLetter.class))
                        .via(
                            d ->
                                d.getReason().startsWith(MALFORMED)
                                    ? DeadLetter.of(
                                        d.getOrigin(), d.getPayload(), MALFORMED, d.getStage())
                                    : d)))
        .containsInAnyOrder(
            DeadLetter.of("test@3", "{oops", MALFORMED, "decode"),
            DeadLetter.of(
                "test@4",
                "{\"type\":\"refund\"}",
                "unknown type 'refund' (expected person, auction or bid)",
                "decode"),
            DeadLetter.of(
                "test@5", "{\"type\":\"bid\",\"auction\":1}", "missing field 'bidder'", "decode"),
            DeadLetter.of(
                "test@6", NEGATIVE_PRICE, "field 'price' must not be negative, got -99", "decode"),
            DeadLetter.of(
                "test@7",
                FAR_FUTURE,
                "field 'dateTime' must be before 2100-01-01T00:00:00Z, got 7258118400000",
                "decode"),
            DeadLetter.of(
                "test@8",
                OVERSIZED,
                "record of " + OVERSIZED.length() + " characters is over the limit of 1048576",
                "decode"),
            DeadLetter.of("test@9", EventJson.encode(BID), "not UTF-8: byte 3", "decode"));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    assertEquals(10, counter(result, KappaMetrics.RECORDS_READ));
    assertEquals(1, counter(result, KappaMetrics.decoded(Event.Type.PERSON)));
    assertEquals(1, counter(result, KappaMetrics.decoded(Event.Type.AUCTION)));
    assertEquals(1, counter(result, KappaMetrics.decoded(Event.Type.BID)));
    assertEquals(7, counter(result, KappaMetrics.DEAD_LETTERS));
  }

  private static long counter(PipelineResult result, String name) {
    Iterable<MetricResult<Long>> counters =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(KappaMetrics.NAMESPACE, name))
                    .build())
            .getCounters();
    long total = 0;
    for (MetricResult<Long> counter : counters) {
      total += counter.getAttempted();
    }
    return total;
  }

  @Test
  void eventsCarryTheirOwnEventTime(TestPipeline pipeline) {
    Instant later = BASE_TIME.plus(Duration.standardMinutes(3));
    Event laterBid = Event.of(Fixtures.bid(1002, 99, later));
    // Create stamps every record with the beginning of time, as a file source does.
    PCollection<TimestampedValue<Event>> stamped =
        pipeline
            .apply(
                Create.of(
                    SourceRecord.of("test@0", EventJson.encode(BID)),
                    SourceRecord.of("test@1", EventJson.encode(laterBid))))
            .apply(DecodeEvents.fromJson(Lateness.none()))
            .get(DecodeEvents.EVENTS)
            .apply(Reify.timestamps());

    PAssert.that(stamped)
        .containsInAnyOrder(
            TimestampedValue.of(BID, BASE_TIME), TimestampedValue.of(laterBid, later));
    pipeline.run().waitUntilFinish();
  }
}
