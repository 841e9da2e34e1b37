package dev.kappa.model;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;

/**
 * A record that could not be processed: where it came from (see {@link SourceRecord}), the original
 * payload, the reason in plain words, and the stage that rejected it (for example {@code decode}).
 * Nothing is dropped silently; it lands here.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class DeadLetter {
  public abstract String getOrigin();

  public abstract String getPayload();

  public abstract String getReason();

  public abstract String getStage();

  @SchemaCreate
  public static DeadLetter of(String origin, String payload, String reason, String stage) {
    return new AutoValue_DeadLetter(origin, payload, reason, stage);
  }

  /** The dead letter of {@code record}, rejected at {@code stage} for {@code reason}. */
  public static DeadLetter of(SourceRecord record, String reason, String stage) {
    return of(record.getOrigin(), record.getPayload(), reason, stage);
  }
}
