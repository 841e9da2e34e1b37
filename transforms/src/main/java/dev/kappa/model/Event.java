package dev.kappa.model;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.checkerframework.checker.nullness.qual.Nullable;

/** One marketplace event: exactly one of person, auction and bid is set. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class Event {
  /** The wire format's {@code type} values. */
  public enum Type {
    PERSON,
    AUCTION,
    BID;

    /** The value of the JSON {@code type} field. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public abstract @Nullable Person getPerson();

  public abstract @Nullable Auction getAuction();

  public abstract @Nullable Bid getBid();

  public static Event of(Person person) {
    return new AutoValue_Event(person, null, null);
  }

  public static Event of(Auction auction) {
    return new AutoValue_Event(null, auction, null);
  }

  public static Event of(Bid bid) {
    return new AutoValue_Event(null, null, bid);
  }

  /** Used by the schema coder; application code uses the typed {@code of} factories. */
  @SchemaCreate
  public static Event create(
      @Nullable Person person, @Nullable Auction auction, @Nullable Bid bid) {
    return new AutoValue_Event(person, auction, bid);
  }

  public Type type() {
    if (getPerson() != null) {
      return Type.PERSON;
    }
    return getAuction() != null ? Type.AUCTION : Type.BID;
  }

  /** The event time, epoch ms UTC. */
  public long dateTime() {
    switch (type()) {
      case PERSON:
        return getPerson().getDateTime();
      case AUCTION:
        return getAuction().getDateTime();
      default:
        return getBid().getDateTime();
    }
  }
}
