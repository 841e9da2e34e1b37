package dev.kappa.results;

import com.google.auto.value.AutoValue;
import dev.kappa.windowing.WindowPane;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;

/**
 * Bids on one auction in one window, as of one pane. Prices in cents. Field numbers fix the order
 * of JSON fields and table columns.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class AuctionStats {
  @SchemaFieldNumber("0")
  public abstract long getAuction();

  @SchemaFieldNumber("1")
  public abstract long getBids();

  @SchemaFieldNumber("2")
  public abstract long getMaxPrice();

  @SchemaFieldNumber("3")
  public abstract long getTotalPrice();

  @SchemaFieldNumber("4")
  public abstract long getWindowStart();

  @SchemaFieldNumber("5")
  public abstract long getWindowEnd();

  @SchemaFieldNumber("6")
  public abstract String getTiming();

  @SchemaFieldNumber("7")
  public abstract long getPaneIndex();

  @SchemaFieldNumber("8")
  public abstract boolean getIsLast();

  public static Builder builder() {
    return new AutoValue_AuctionStats.Builder();
  }

  /** Builds an {@link AuctionStats}; {@link #setPane} fills the window and pane fields. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setAuction(long auction);

    public abstract Builder setBids(long bids);

    public abstract Builder setMaxPrice(long maxPrice);

    public abstract Builder setTotalPrice(long totalPrice);

    public abstract Builder setWindowStart(long windowStart);

    public abstract Builder setWindowEnd(long windowEnd);

    public abstract Builder setTiming(String timing);

    public abstract Builder setPaneIndex(long paneIndex);

    public abstract Builder setIsLast(boolean isLast);

    public Builder setPane(WindowPane pane) {
      return setWindowStart(pane.windowStart())
          .setWindowEnd(pane.windowEnd())
          .setTiming(pane.timing())
          .setPaneIndex(pane.paneIndex())
          .setIsLast(pane.isLast());
    }

    public abstract AuctionStats build();
  }
}
