package dev.kappa.pipelines.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every record comes back from its line exactly as the log held it, valid or not. */
class ArchiveLineTest {
  private static final String BID =
      "{\"kind\":\"bid\",\"auction\":7,\"bidder\":3,\"price\":120,\"dateTime\":1765080000000}";

  @Test
  void aValidRecord_isItsTextAndComesBackByteForByte() throws IOException {
    LogRecord record = new LogRecord(1, 42, BID.getBytes(StandardCharsets.UTF_8));

    String line = ArchiveLine.encode(record);

    assertEquals(
        "{\"partition\":1,\"offset\":42,\"value\":\"" + BID.replace("\"", "\\\"") + "\"}", line);
    LogRecord back = ArchiveLine.decode(line);
    assertEquals(1, back.partition());
    assertEquals(42, back.offset());
    assertArrayEquals(record.value(), back.value());
  }

  @Test
  void bytesThatAreNotUtf8_areKeptAsBase64() throws IOException {
    byte[] value = {'{', (byte) 0xC3, (byte) 0x28, '}'};

    String line = ArchiveLine.encode(new LogRecord(0, 5, value));

    assertEquals("{\"partition\":0,\"offset\":5,\"valueBase64\":\"e8MofQ==\"}", line);
    assertArrayEquals(value, ArchiveLine.decode(line).value());
  }

  @Test
  void aTombstone_staysATombstone() throws IOException {
    String line = ArchiveLine.encode(new LogRecord(0, 6, null));

    assertEquals("{\"partition\":0,\"offset\":6,\"value\":null}", line);
    assertNull(ArchiveLine.decode(line).value());
  }

  @Test
  void aLineWithoutItsFields_isRefusedSayingWhatItLacks() {
    IOException e = assertThrows(IOException.class, () -> ArchiveLine.decode("{\"partition\":0}"));
    assertEquals("needs partition, offset and value (or valueBase64)", e.getMessage());
  }

  @Test
  void theEventHour_isTheUtcHourOfDateTime_orUnknown() {
    assertEquals(
        "2025-12-07T04",
        ArchiveLine.eventHour(new LogRecord(0, 0, BID.getBytes(StandardCharsets.UTF_8))));
    assertEquals(
        ArchiveLine.UNKNOWN_HOUR,
        ArchiveLine.eventHour(new LogRecord(0, 0, "not json".getBytes(StandardCharsets.UTF_8))));
    assertEquals(ArchiveLine.UNKNOWN_HOUR, ArchiveLine.eventHour(new LogRecord(0, 0, null)));
  }
}
