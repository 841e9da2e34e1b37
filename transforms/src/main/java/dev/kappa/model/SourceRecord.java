package dev.kappa.model;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.checkerframework.checker.nullness.qual.Nullable;

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

  /**
   * Why the source already knows the record is not valid (its bytes are not UTF-8, say), or null:
   * {@code DecodeEvents} makes such a record a dead letter with this reason, unparsed.
   */
  public abstract @Nullable String getRejection();

  public static SourceRecord of(String origin, String payload) {
    return create(origin, payload, null);
  }

  /** A record the source could not deliver as it was: {@code payload} is as near as text gets. */
  public static SourceRecord rejected(String origin, String payload, String rejection) {
    return create(origin, payload, rejection);
  }

  @SchemaCreate
  public static SourceRecord create(String origin, String payload, @Nullable String rejection) {
    return new AutoValue_SourceRecord(origin, payload, rejection);
  }
}
