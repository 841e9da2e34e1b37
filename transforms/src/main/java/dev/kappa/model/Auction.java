package dev.kappa.model;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/**
 * An auction opened by a seller. {@code dateTime} (opening) and {@code expires} are event time,
 * epoch ms UTC; {@code initialBid} and {@code reserve} are in cents.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class Auction {
  public abstract long getId();

  public abstract String getItemName();

  public abstract String getDescription();

  public abstract long getInitialBid();

  public abstract long getReserve();

  public abstract long getDateTime();

  public abstract long getExpires();

  public abstract long getSeller();

  public abstract long getCategory();

  public abstract String getExtra();

  public static Builder builder() {
    return new AutoValue_Auction.Builder();
  }

  /** Builds an {@link Auction}; every field is required. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setId(long id);

    public abstract Builder setItemName(String itemName);

    public abstract Builder setDescription(String description);

    public abstract Builder setInitialBid(long initialBid);

    public abstract Builder setReserve(long reserve);

    public abstract Builder setDateTime(long dateTime);

    public abstract Builder setExpires(long expires);

    public abstract Builder setSeller(long seller);

    public abstract Builder setCategory(long category);

    public abstract Builder setExtra(String extra);

    public abstract Auction build();
  }
}
