package dev.kappa.results;

import com.google.auto.value.AutoValue;
import dev.kappa.windowing.WindowPane;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;

/**
 * Auctions of one category that closed with a winning bid within a window of their expiry time, and
 * their average winning price in cents, as of one pane.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class CategoryPrice {
  @SchemaFieldNumber("0")
  public abstract long getCategory();

  @SchemaFieldNumber("1")
  public abstract long getClosedAuctions();

  @SchemaFieldNumber("2")
  public abstract double getAvgClosingPrice();

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

  public static CategoryPrice of(
      long category, long closedAuctions, double avgClosingPrice, WindowPane pane) {
    return create(
        category,
        closedAuctions,
        avgClosingPrice,
        pane.windowStart(),
        pane.windowEnd(),
        pane.timing(),
        pane.paneIndex(),
        pane.isLast());
  }

  /** Used by the schema coder. */
  @SchemaCreate
  public static CategoryPrice create(
      long category,
      long closedAuctions,
      double avgClosingPrice,
      long windowStart,
      long windowEnd,
      String timing,
      long paneIndex,
      boolean isLast) {
    return new AutoValue_CategoryPrice(
        category,
        closedAuctions,
        avgClosingPrice,
        windowStart,
        windowEnd,
        timing,
        paneIndex,
        isLast);
  }
}
