package dev.kappa.pipelines.kafka;

import dev.kappa.model.SourceRecord;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;

/** Offsets {@code [start, end)} of one partition of a topic: a slice of the log to replay. */
public record PartitionRange(String topic, int partition, long start, long end)
    implements Serializable {

  public long size() {
    return Math.max(0, end - start);
  }

  /** "partition P offsets [START, END)", as refusals and reports name a slice. */
  public String offsets() {
    return "partition " + partition + " offsets [" + start + ", " + end + ")";
  }

  /**
   * A Kafka record as the pipelines take it, live or replayed: the value as text, and its origin
   * {@code kafka:TOPIC/PARTITION@OFFSET}, as dead letters show it.
   */
  public static SourceRecord sourceRecord(String topic, int partition, long offset, byte[] value) {
    String origin = "kafka:" + topic + "/" + partition + "@" + offset;
    if (value == null) {
      return SourceRecord.rejected(origin, "", "no value (a null record, as a tombstone)");
    }
    String text = new String(value, StandardCharsets.UTF_8);
    // Decoded leniently, bytes that are not UTF-8 become U+FFFD and a string field carrying them
    // would pass as valid. Only a text with U+FFFD is checked strictly (the fast path stays fast;
    // a real U+FFFD, valid UTF-8, passes the check).
    if (text.indexOf('\uFFFD') >= 0) {
      ByteBuffer bytes = ByteBuffer.wrap(value);
      CharBuffer chars = CharBuffer.allocate(value.length); // UTF-8 gives no more chars than bytes
      if (StandardCharsets.UTF_8.newDecoder().decode(bytes, chars, true).isError()) {
        return SourceRecord.rejected(
            origin,
            text,
            "not UTF-8: byte "
                + bytes.position()
                + " of "
                + value.length
                + " starts an invalid sequence (the payload shows U+FFFD for such"
                + " bytes; the log keeps the original)");
      }
    }
    return SourceRecord.of(origin, text);
  }
}
