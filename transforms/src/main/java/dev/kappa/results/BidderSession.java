package dev.kappa.results;

import com.google.auto.value.AutoValue;
import dev.kappa.windowing.WindowPane;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;

/**
 * A bidder's session, as of one pane: its bids, from {@code windowStart} (the first bid's time) to
 * {@code windowEnd} (the last bid's time plus the gap). A later pane may belong to a larger session
 * that absorbed this one.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class BidderSession {
  @SchemaFieldNumber("0")
  public abstract long getBidder();

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

  public static BidderSession of(long bidder, long bids, WindowPane pane) {
    return create(
        bidder,
        bids,
        pane.windowStart(),
        pane.windowEnd(),
        pane.timing(),
        pane.paneIndex(),
        pane.isLast());
  }

  /** Used by the schema coder. */
  @SchemaCreate
  public static BidderSession create(
      long bidder,
      long bids,
      long windowStart,
      long windowEnd,
      String timing,
      long paneIndex,
      boolean isLast) {
    return new AutoValue_BidderSession(
        bidder, bids, windowStart, windowEnd, timing, paneIndex, isLast);
  }
}
