package dev.kappa.pipelines.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.joda.time.Instant;

/**
 * A Kafka record's event time: the payload's top-level {@code dateTime}, read with a streaming
 * parser that stops at that field. A record without one (it will become a dead letter) keeps its
 * Kafka timestamp, so it cannot move the watermark anywhere a valid record could not. (The
 * benchmarks' native Flink job reads event time with {@link #dateTime} too.)
 */
public final class PayloadEventTime
    implements SerializableFunction<KafkaRecord<byte[], byte[]>, Instant> {
  private static final long serialVersionUID = 1L;
  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public Instant apply(KafkaRecord<byte[], byte[]> record) {
    byte[] value = record.getKV().getValue();
    Long dateTime = value == null ? null : dateTime(value);
    return new Instant(dateTime != null ? dateTime : record.getTimestamp());
  }

  /** The top-level {@code dateTime} of a JSON object; null if it has none, or not a valid one. */
  public static Long dateTime(byte[] json) {
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("dateTime".equals(name)) {
          return value == JsonToken.VALUE_NUMBER_INT && parser.getLongValue() >= 0
              ? parser.getLongValue()
              : null;
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }
}
