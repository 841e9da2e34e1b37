package dev.kappa.results;

import com.google.auto.value.AutoValue;
import dev.kappa.model.Bid;
import dev.kappa.windowing.WindowPane;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;

/** A bid with the highest price of its window, as of one pane (ties: one row per bid). */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class HighestBid {
  @SchemaFieldNumber("0")
  public abstract long getAuction();

  @SchemaFieldNumber("1")
  public abstract long getBidder();

  @SchemaFieldNumber("2")
  public abstract long getPrice();

  @SchemaFieldNumber("3")
  public abstract String getChannel();

  @SchemaFieldNumber("4")
  public abstract String getUrl();

  @SchemaFieldNumber("5")
  public abstract long getDateTime();

  @SchemaFieldNumber("6")
  public abstract String getExtra();

  @SchemaFieldNumber("7")
  public abstract long getWindowStart();

  @SchemaFieldNumber("8")
  public abstract long getWindowEnd();

  @SchemaFieldNumber("9")
  public abstract String getTiming();

  @SchemaFieldNumber("10")
  public abstract long getPaneIndex();

  @SchemaFieldNumber("11")
  public abstract boolean getIsLast();

  public static HighestBid of(Bid bid, WindowPane pane) {
    return create(
        bid.getAuction(),
        bid.getBidder(),
        bid.getPrice(),
        bid.getChannel(),
        bid.getUrl(),
        bid.getDateTime(),
        bid.getExtra(),
        pane.windowStart(),
        pane.windowEnd(),
        pane.timing(),
        pane.paneIndex(),
        pane.isLast());
  }

  /** Used by the schema coder. */
  @SchemaCreate
  public static HighestBid create(
      long auction,
      long bidder,
      long price,
      String channel,
      String url,
      long dateTime,
      String extra,
      long windowStart,
      long windowEnd,
      String timing,
      long paneIndex,
      boolean isLast) {
    return new AutoValue_HighestBid(
        auction,
        bidder,
        price,
        channel,
        url,
        dateTime,
        extra,
        windowStart,
        windowEnd,
        timing,
        paneIndex,
        isLast);
  }
}
