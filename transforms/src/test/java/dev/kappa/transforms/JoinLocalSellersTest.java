package dev.kappa.transforms;

import static dev.kappa.Fixtures.atSeconds;
import static dev.kappa.Fixtures.auction;
import static dev.kappa.Fixtures.person;
import static dev.kappa.Fixtures.streamOf;

import dev.kappa.model.Event;
import dev.kappa.results.LocalSeller;
import java.util.Set;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Both arrival orders, the filters, and state expiry: once the TTL of event time has passed, a
 * person no longer joins a new auction, and an auction that waited in vain no longer joins its
 * person, which proves the state was cleared rather than kept forever.
 */
@ExtendWith(TestPipelineExtension.class)
class JoinLocalSellersTest {
  private static final Duration TTL = Duration.standardSeconds(60);

  private static PCollection<LocalSeller> join(TestPipeline pipeline, TestStream<Event> events) {
    return pipeline.apply(events).apply(JoinLocalSellers.of(Set.of("OR", "ID", "CA"), 10, TTL));
  }

  private static TimestampedValue<Event> personAt(long id, String state, long second) {
    return TimestampedValue.of(Event.of(person(id, state, atSeconds(second))), atSeconds(second));
  }

  private static TimestampedValue<Event> auctionAt(
      long id, long seller, long category, long second) {
    return TimestampedValue.of(
        Event.of(auction(id, seller, category, atSeconds(second))), atSeconds(second));
  }

  private static LocalSeller local(String state, long auctionId) {
    return LocalSeller.create("Peter Smith", "Portland", state, auctionId);
  }

  @Test
  void personFirst_thenAuctions_joinAsTheAuctionsArrive(TestPipeline pipeline) {
    TestStream<Event> events =
        streamOf(Event.class)
            .addElements(personAt(1, "OR", 1))
            .addElements(auctionAt(100, 1, 10, 2), auctionAt(101, 1, 10, 50))
            .advanceWatermarkToInfinity();

    PAssert.that(join(pipeline, events)).containsInAnyOrder(local("OR", 100), local("OR", 101));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void auctionFirst_waitsForItsPerson(TestPipeline pipeline) {
    TestStream<Event> events =
        streamOf(Event.class)
            .addElements(auctionAt(100, 1, 10, 1))
            .advanceWatermarkTo(atSeconds(30))
            .addElements(personAt(1, "ID", 40))
            .advanceWatermarkToInfinity();

    PAssert.that(join(pipeline, events)).containsInAnyOrder(local("ID", 100));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void otherStatesAndCategories_joinNothing(TestPipeline pipeline) {
    TestStream<Event> events =
        streamOf(Event.class)
            .addElements(personAt(1, "WA", 1), auctionAt(100, 1, 10, 2))
            .addElements(personAt(2, "CA", 1), auctionAt(101, 2, 11, 2))
            .advanceWatermarkToInfinity();

    PAssert.that(join(pipeline, events)).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void personStateExpires_afterTheTtl(TestPipeline pipeline) {
    TestStream<Event> events =
        streamOf(Event.class)
            .addElements(personAt(1, "OR", 1))
            .advanceWatermarkTo(atSeconds(1 + 60 + 1))
            .addElements(auctionAt(100, 1, 10, 70))
            .advanceWatermarkToInfinity();

    PAssert.that(join(pipeline, events)).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void waitingAuctionExpires_afterTheTtl(TestPipeline pipeline) {
    TestStream<Event> events =
        streamOf(Event.class)
            .addElements(auctionAt(100, 1, 10, 1))
            .advanceWatermarkTo(atSeconds(1 + 60 + 1))
            .addElements(personAt(1, "OR", 70))
            .advanceWatermarkToInfinity();

    PAssert.that(join(pipeline, events)).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void everyEventExtendsTheTtl(TestPipeline pipeline) {
    TestStream<Event> events =
        streamOf(Event.class)
            .addElements(personAt(1, "OR", 1))
            .advanceWatermarkTo(atSeconds(50))
            .addElements(auctionAt(100, 1, 10, 50))
            .advanceWatermarkTo(atSeconds(100))
            .addElements(auctionAt(101, 1, 10, 100))
            .advanceWatermarkToInfinity();

    PAssert.that(join(pipeline, events)).containsInAnyOrder(local("OR", 100), local("OR", 101));
    pipeline.run().waitUntilFinish();
  }
}
