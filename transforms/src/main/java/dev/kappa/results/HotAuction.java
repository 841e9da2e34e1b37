package dev.kappa.results;

import com.google.auto.value.AutoValue;
import dev.kappa.windowing.WindowPane;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;

/** An auction with the most bids of its (sliding) window, as of one pane; ties: one row each. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class HotAuction {
  @SchemaFieldNumber("0")
  public abstract long getAuction();

  @SchemaFieldNumber("1")
  public abstract long getBids();

  @SchemaFieldNumber("2")
  public abstract long getWindowStart();

  @SchemaFieldNumber("3")
  public abstract long getWindowEnd();

  @SchemaFieldNumber("4")
  public abstract String getTiming();

  @SchemaFieldNumber("5")
  public abstract long getPaneIndex();

  @SchemaFieldNumber("6")
  public abstract boolean getIsLast();

  public static HotAuction of(long auction, long bids, WindowPane pane) {
    return create(
        auction,
        bids,
        pane.windowStart(),
        pane.windowEnd(),
        pane.timing(),
        pane.paneIndex(),
        pane.isLast());
  }

  /** Used by the schema coder. */
  @SchemaCreate
  public static HotAuction create(
      long auction,
      long bids,
      long windowStart,
      long windowEnd,
      String timing,
      long paneIndex,
      boolean isLast) {
    return new AutoValue_HotAuction(
        auction, bids, windowStart, windowEnd, timing, paneIndex, isLast);
  }
}
