package dev.kappa.results;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;

/** A seller from one of the chosen states who opened an auction in the chosen category. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class LocalSeller {
  @SchemaFieldNumber("0")
  public abstract String getName();

  @SchemaFieldNumber("1")
  public abstract String getCity();

  @SchemaFieldNumber("2")
  public abstract String getState();

  @SchemaFieldNumber("3")
  public abstract long getAuctionId();

  @SchemaCreate
  public static LocalSeller create(String name, String city, String state, long auctionId) {
    return new AutoValue_LocalSeller(name, city, state, auctionId);
  }
}
