package dev.kappa;

import dev.kappa.model.Auction;
import dev.kappa.model.Bid;
import dev.kappa.model.Event;
import dev.kappa.model.Person;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;

/** Shared test data: a base time and small builders for each event type. */
public final class Fixtures {
  /** 2026-01-01T00:00:00Z, the start of the first 10-second window in most tests. */
  public static final Instant BASE_TIME = new Instant(1_767_225_600_000L);

  private Fixtures() {}

  /** The schema coder Beam infers for a model or result class (TestStream needs it explicitly). */
  public static <T> Coder<T> coderOf(Class<T> type) {
    try {
      return SchemaRegistry.createDefault().getSchemaCoder(type);
    } catch (NoSuchSchemaException e) {
      throw new IllegalArgumentException(type + " has no schema", e);
    }
  }

  /** A TestStream of {@code type} elements whose watermark starts at {@link #BASE_TIME}. */
  public static <T> TestStream.Builder<T> streamOf(Class<T> type) {
    return TestStream.create(coderOf(type)).advanceWatermarkTo(BASE_TIME);
  }

  /** A bid {@code second}s after {@link #BASE_TIME}, stamped with that event time. */
  public static TimestampedValue<Bid> bidAt(long auction, long price, long second) {
    return TimestampedValue.of(bid(auction, price, atSeconds(second)), atSeconds(second));
  }

  public static Instant at(Duration offset) {
    return BASE_TIME.plus(offset);
  }

  public static Instant atSeconds(long seconds) {
    return at(Duration.standardSeconds(seconds));
  }

  public static Bid bid(long auction, long price, Instant time) {
    return Bid.builder()
        .setAuction(auction)
        .setBidder(7)
        .setPrice(price)
        .setChannel("Google")
        .setUrl("https://www.nexmark.com/x/item.htm")
        .setDateTime(time.getMillis())
        .setExtra("")
        .build();
  }

  public static Person person(long id, String state, Instant time) {
    return Person.builder()
        .setId(id)
        .setName("Peter Smith")
        .setEmailAddress("peter@example.com")
        .setCreditCard("1234 5678 9012 3456")
        .setCity("Portland")
        .setState(state)
        .setDateTime(time.getMillis())
        .setExtra("")
        .build();
  }

  public static Auction auction(long id, long seller, long category, Instant time) {
    return Auction.builder()
        .setId(id)
        .setItemName("lamp")
        .setDescription("an old lamp")
        .setInitialBid(100)
        .setReserve(500)
        .setDateTime(time.getMillis())
        .setExpires(time.getMillis() + 60_000)
        .setSeller(seller)
        .setCategory(category)
        .setExtra("")
        .build();
  }

  /** A bid as a TestStream element, stamped with its own event time. */
  public static TimestampedValue<Event> stamped(Bid bid) {
    return TimestampedValue.of(Event.of(bid), new Instant(bid.getDateTime()));
  }

  /** An auction as a TestStream element, stamped with its own event time. */
  public static TimestampedValue<Event> stamped(Auction auction) {
    return TimestampedValue.of(Event.of(auction), new Instant(auction.getDateTime()));
  }
}
