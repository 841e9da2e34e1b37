package dev.kappa.pipelines.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.kappa.pipelines.kafka.PayloadEventTime;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * One archived record as a line of JSON: {@code {"partition":0,"offset":17,"value":"..."}}, the
 * value as the text the log holds; {@code "valueBase64"} instead for bytes that are not UTF-8, and
 * {@code "value":null} for a tombstone, so that every record comes back exactly as it was written
 * (a replay from the archive gives the same dead letters as one from the topic).
 */
public final class ArchiveLine {
  private static final JsonFactory JSON = new JsonFactory();

  /** The folder name of records whose event time cannot be read. */
  public static final String UNKNOWN_HOUR = "unknown";

  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

  private ArchiveLine() {}

  /** {@code record} as one line, without its line break. */
  public static String encode(LogRecord record) {
    StringWriter line = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(line)) {
      json.writeStartObject();
      json.writeNumberField("partition", record.partition());
      json.writeNumberField("offset", record.offset());
      if (record.value() == null) {
        json.writeNullField("value");
      } else {
        String text = strictUtf8(record.value());
        if (text == null) {
          json.writeStringField("valueBase64", Base64.getEncoder().encodeToString(record.value()));
        } else {
          json.writeStringField("value", text);
        }
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return line.toString();
  }

  /** The record {@code line} holds; an IOException says what is wrong with the line. */
  public static LogRecord decode(String line) throws IOException {
    try (JsonParser json = JSON.createParser(line)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      Integer partition = null;
      Long offset = null;
      byte[] value = null;
      boolean hasValue = false;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        JsonToken token = json.nextToken();
        switch (name) {
          case "partition" -> partition = json.getIntValue();
          case "offset" -> offset = json.getLongValue();
          case "value" -> {
            hasValue = true;
            value =
                token == JsonToken.VALUE_NULL
                    ? null
                    : json.getText().getBytes(StandardCharsets.UTF_8);
          }
          case "valueBase64" -> {
            hasValue = true;
            value = Base64.getDecoder().decode(json.getText());
          }
          default -> json.skipChildren();
        }
      }
      if (partition == null || offset == null || !hasValue) {
        throw new IOException("needs partition, offset and value (or valueBase64)");
      }
      return new LogRecord(partition, offset, value);
    }
  }

  /**
   * The UTC hour of the record's event time ({@code 2026-12-07T04}), the folder it is archived in;
   * {@link #UNKNOWN_HOUR} when its payload has no readable {@code dateTime}.
   */
  public static String eventHour(LogRecord record) {
    Long millis = record.value() == null ? null : PayloadEventTime.dateTime(record.value());
    return millis == null ? UNKNOWN_HOUR : HOUR.format(Instant.ofEpochMilli(millis));
  }

  private static String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
