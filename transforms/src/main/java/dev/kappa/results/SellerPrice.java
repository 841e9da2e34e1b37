package dev.kappa.results;

import com.google.auto.value.AutoValue;
import dev.kappa.windowing.WindowPane;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;

/**
 * A seller's average selling price over their most recently closed auctions (NEXMark Q6), as of one
 * pane of the global window: each auction the seller closes with a winning bid updates it.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class SellerPrice {
  @SchemaFieldNumber("0")
  public abstract long getSeller();

  /** How many closed auctions the average covers: at most the configured number. */
  @SchemaFieldNumber("1")
  public abstract long getAuctions();

  @SchemaFieldNumber("2")
  public abstract double getAvgSellingPrice();

  @SchemaFieldNumber("3")
  public abstract long getWindowStart();

  @SchemaFieldNumber("4")
  public abstract long getWindowEnd();

  @SchemaFieldNumber("5")
  public abstract String getTiming();

  @SchemaFieldNumber("6")
  public abstract long getPaneIndex();

  @SchemaFieldNumber("7")
  public abstract boolean getIsLast();

  public static SellerPrice of(
      long seller, long auctions, double avgSellingPrice, WindowPane pane) {
    return create(
        seller,
        auctions,
        avgSellingPrice,
        pane.windowStart(),
        pane.windowEnd(),
        pane.timing(),
        pane.paneIndex(),
        pane.isLast());
  }

  /** Used by the schema coder. */
  @SchemaCreate
  public static SellerPrice create(
      long seller,
      long auctions,
      double avgSellingPrice,
      long windowStart,
      long windowEnd,
      String timing,
      long paneIndex,
      boolean isLast) {
    return new AutoValue_SellerPrice(
        seller, auctions, avgSellingPrice, windowStart, windowEnd, timing, paneIndex, isLast);
  }
}
