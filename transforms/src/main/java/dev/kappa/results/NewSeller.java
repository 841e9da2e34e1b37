package dev.kappa.results;

import com.google.auto.value.AutoValue;
import dev.kappa.windowing.WindowPane;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;

/** A person who registered and opened an auction in the same window, as of one pane. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class NewSeller {
  @SchemaFieldNumber("0")
  public abstract long getPersonId();

  @SchemaFieldNumber("1")
  public abstract String getName();

  @SchemaFieldNumber("2")
  public abstract long getAuctionId();

  @SchemaFieldNumber("3")
  public abstract long getReserve();

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

  public static NewSeller of(
      long personId, String name, long auctionId, long reserve, WindowPane pane) {
    return create(
        personId,
        name,
        auctionId,
        reserve,
        pane.windowStart(),
        pane.windowEnd(),
        pane.timing(),
        pane.paneIndex(),
        pane.isLast());
  }

  /** Used by the schema coder. */
  @SchemaCreate
  public static NewSeller create(
      long personId,
      String name,
      long auctionId,
      long reserve,
      long windowStart,
      long windowEnd,
      String timing,
      long paneIndex,
      boolean isLast) {
    return new AutoValue_NewSeller(
        personId, name, auctionId, reserve, windowStart, windowEnd, timing, paneIndex, isLast);
  }
}
