package dev.kappa.results;

import com.google.auto.value.AutoValue;
import dev.kappa.windowing.WindowPane;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
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

  public static AuctionStats of(
      long auction, long bids, long maxPrice, long totalPrice, WindowPane pane) {
    return create(
        auction,
        bids,
        maxPrice,
        totalPrice,
        pane.windowStart(),
        pane.windowEnd(),
        pane.timing(),
        pane.paneIndex(),
        pane.isLast());
  }

  /** Used by the schema coder. */
  @SchemaCreate
  public static AuctionStats create(
      long auction,
      long bids,
      long maxPrice,
      long totalPrice,
      long windowStart,
      long windowEnd,
      String timing,
      long paneIndex,
      boolean isLast) {
    return new AutoValue_AuctionStats(
        auction, bids, maxPrice, totalPrice, windowStart, windowEnd, timing, paneIndex, isLast);
  }
}
