package dev.kappa.model;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** A bid on an auction. {@code price} is in cents; {@code dateTime} is event time, epoch ms UTC. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class Bid {
  public abstract long getAuction();

  public abstract long getBidder();

  public abstract long getPrice();

  public abstract String getChannel();

  public abstract String getUrl();

  public abstract long getDateTime();

  public abstract String getExtra();

  public static Builder builder() {
    return new AutoValue_Bid.Builder();
  }

  /** Builds a {@link Bid}; every field is required. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setAuction(long auction);

    public abstract Builder setBidder(long bidder);

    public abstract Builder setPrice(long price);

    public abstract Builder setChannel(String channel);

    public abstract Builder setUrl(String url);

    public abstract Builder setDateTime(long dateTime);

    public abstract Builder setExtra(String extra);

    public abstract Bid build();
  }
}
