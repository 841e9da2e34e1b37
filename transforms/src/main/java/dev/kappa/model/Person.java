package dev.kappa.model;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** A user who registers with the marketplace. {@code dateTime} is event time, epoch ms UTC. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class Person {
  public abstract long getId();

  public abstract String getName();

  public abstract String getEmailAddress();

  public abstract String getCreditCard();

  public abstract String getCity();

  public abstract String getState();

  public abstract long getDateTime();

  public abstract String getExtra();

  public static Builder builder() {
    return new AutoValue_Person.Builder();
  }

  /** Builds a {@link Person}; every field is required. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setId(long id);

    public abstract Builder setName(String name);

    public abstract Builder setEmailAddress(String emailAddress);

    public abstract Builder setCreditCard(String creditCard);

    public abstract Builder setCity(String city);

    public abstract Builder setState(String state);

    public abstract Builder setDateTime(long dateTime);

    public abstract Builder setExtra(String extra);

    public abstract Person build();
  }
}
