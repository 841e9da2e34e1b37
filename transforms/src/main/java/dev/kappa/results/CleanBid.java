package dev.kappa.results;

import com.google.auto.value.AutoValue;
import dev.kappa.model.Bid;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;

/**
 * A bid in the wire format plus {@code priceEur}: its price converted from cents of dollars to
 * cents of euros. Field numbers keep the wire format's field order.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class CleanBid {
  @SchemaFieldNumber("0")
  public abstract String getType();

  @SchemaFieldNumber("1")
  public abstract long getAuction();

  @SchemaFieldNumber("2")
  public abstract long getBidder();

  @SchemaFieldNumber("3")
  public abstract long getPrice();

  @SchemaFieldNumber("4")
  public abstract String getChannel();

  @SchemaFieldNumber("5")
  public abstract String getUrl();

  @SchemaFieldNumber("6")
  public abstract long getDateTime();

  @SchemaFieldNumber("7")
  public abstract String getExtra();

  @SchemaFieldNumber("8")
  public abstract long getPriceEur();

  public static CleanBid of(Bid bid, long priceEur) {
    return new AutoValue_CleanBid(
        "bid",
        bid.getAuction(),
        bid.getBidder(),
        bid.getPrice(),
        bid.getChannel(),
        bid.getUrl(),
        bid.getDateTime(),
        bid.getExtra(),
        priceEur);
  }

  /** Used by the schema coder. */
  @SchemaCreate
  public static CleanBid create(
      String type,
      long auction,
      long bidder,
      long price,
      String channel,
      String url,
      long dateTime,
      String extra,
      long priceEur) {
    return new AutoValue_CleanBid(
        type, auction, bidder, price, channel, url, dateTime, extra, priceEur);
  }
}
