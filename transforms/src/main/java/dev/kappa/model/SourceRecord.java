package dev.kappa.model;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;

/**
 * One raw wire-format record as a source delivered it, and where it came from ({@code
 * kafka:TOPIC/PARTITION@OFFSET}, {@code file:PATH}, {@code generator}), so that a record that
 * cannot be decoded can be found again at its origin.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class SourceRecord {
  public abstract String getOrigin();

  public abstract String getPayload();

  @SchemaCreate
  public static SourceRecord of(String origin, String payload) {
    return new AutoValue_SourceRecord(origin, payload);
  }
}
