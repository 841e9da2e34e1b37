package dev.kappa.pipelines.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kappa.model.SourceRecord;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A Kafka value becomes a record's text only if it is UTF-8; else the source rejects it. */
class PartitionRangeTest {
  @Test
  void bytesThatAreNotUtf8_areRejectedWithTheirPosition() {
    byte[] value = "{\"type\":\"bid\",\"extra\":\"??\"}".getBytes(StandardCharsets.US_ASCII);
    value[23] = (byte) 0xC3; // a lead byte followed by '?', not a continuation byte

    SourceRecord record = PartitionRange.sourceRecord("t", 2, 7, value);

    assertEquals("kafka:t/2@7", record.getOrigin());
    assertEquals(
        "not UTF-8: byte 23 of 27 starts an invalid sequence (the payload shows U+FFFD"
            + " for such bytes; the log keeps the original)",
        record.getRejection());
  }

  @Test
  void aRealReplacementCharacter_isValidText() {
    String text = "{\"extra\":\"\uFFFD\"}";

    SourceRecord record =
        PartitionRange.sourceRecord("t", 0, 0, text.getBytes(StandardCharsets.UTF_8));

    assertNull(record.getRejection());
    assertEquals(text, record.getPayload());
  }

  @Test
  void aNullValue_isRejected() {
    assertEquals(
        "no value (a null record, as a tombstone)",
        PartitionRange.sourceRecord("t", 0, 0, null).getRejection());
  }
}
