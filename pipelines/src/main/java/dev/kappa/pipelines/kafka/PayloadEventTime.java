package dev.kappa.pipelines.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * A Kafka record's event time: the payload's top-level {@code dateTime}, read with a streaming
 * parser that stops at that field ({@link StampLateRecords} stamps live records with it; the
 * benchmarks' native Flink job reads event time with it too).
 *
 * <p>Records as Kappa's producers write them (a flat object, no whitespace, ASCII strings without
 * escapes) are read by a byte scan first, which gives exactly what the parser gives or hands the
 * record to the parser: the parser was a fifth of a live Kafka read's CPU, as every record is
 * parsed again when it is decoded.
 */
public final class PayloadEventTime {
  private static final JsonFactory JSON = new JsonFactory();

  /** {@link #scan}: the record has no top-level {@code dateTime}. */
  private static final long ABSENT = -1;

  /** {@link #scan}: not a record the scan reads; the parser decides. */
  private static final long PARSE = -2;

  /** Up to 18 digits always fit in a long. */
  private static final int MAX_DIGITS = 18;

  private static final byte[] DATE_TIME = {'d', 'a', 't', 'e', 'T', 'i', 'm', 'e'};
  private static final String[] LITERALS = {"true", "false", "null"};

  private PayloadEventTime() {}

  /** The top-level {@code dateTime} of a JSON object; null if it has none, or not a valid one. */
  public static Long dateTime(byte[] json) {
    long scanned = scan(json);
    if (scanned == PARSE) {
      return parse(json);
    }
    return scanned == ABSENT ? null : scanned;
  }

  /** {@link #dateTime} with Jackson's streaming parser alone. */
  static Long parse(byte[] json) {
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

  /**
   * The {@code dateTime} of {@code {"name":value,...}} where every name and string is printable
   * ASCII without escapes, every number an integer, no whitespace and no nesting: the value (at
   * least 0), {@link #ABSENT}, or {@link #PARSE} for anything else, so that it never answers where
   * the parser would answer otherwise.
   */
  static long scan(byte[] json) {
    if (json.length == 0 || json[0] != '{') {
      return PARSE;
    }
    int i = 1;
    while (true) {
      if (i >= json.length || json[i] != '"') {
        return PARSE;
      }
      int nameStart = i + 1;
      int nameEnd = endOfString(json, nameStart);
      if (nameEnd < 0 || nameEnd + 1 >= json.length || json[nameEnd + 1] != ':') {
        return PARSE;
      }
      i = nameEnd + 2;
      if (isDateTime(json, nameStart, nameEnd)) {
        return naturalNumber(json, i);
      }
      i = endOfValue(json, i);
      if (i < 0 || i >= json.length) {
        return PARSE;
      }
      if (json[i] == '}') {
        return ABSENT;
      }
      if (json[i] != ',') {
        return PARSE;
      }
      i++;
    }
  }

  /** The index of the quote closing a string of printable ASCII without escapes, or -1. */
  private static int endOfString(byte[] json, int from) {
    for (int i = from; i < json.length; i++) {
      byte b = json[i];
      if (b == '"') {
        return i;
      }
      if (b == '\\' || b < 0x20 || b > 0x7e) {
        return -1;
      }
    }
    return -1;
  }

  private static boolean isDateTime(byte[] json, int from, int to) {
    if (to - from != DATE_TIME.length) {
      return false;
    }
    for (int k = 0; k < DATE_TIME.length; k++) {
      if (json[from + k] != DATE_TIME[k]) {
        return false;
      }
    }
    return true;
  }

  /** A plain non-negative integer at {@code from}, ended by {@code ,} or {@code }}, else PARSE. */
  private static long naturalNumber(byte[] json, int from) {
    int end = endOfInteger(json, from, false);
    if (end < 0 || end >= json.length || (json[end] != ',' && json[end] != '}')) {
      return PARSE;
    }
    long value = 0;
    for (int i = from; i < end; i++) {
      value = value * 10 + (json[i] - '0');
    }
    return value;
  }

  /** The index after a value the scan reads (string, integer, true, false, null), or -1. */
  private static int endOfValue(byte[] json, int from) {
    if (from >= json.length) {
      return -1;
    }
    byte first = json[from];
    if (first == '"') {
      int end = endOfString(json, from + 1);
      return end < 0 ? -1 : end + 1;
    }
    if (first == '-' || (first >= '0' && first <= '9')) {
      return endOfInteger(json, from, true);
    }
    for (String literal : LITERALS) {
      if (startsWith(json, from, literal)) {
        return from + literal.length();
      }
    }
    return -1;
  }

  /**
   * The index after {@code -?(0|[1-9][0-9]*)} of at most {@value #MAX_DIGITS} digits, or -1 when
   * the number is something else (a fraction, an exponent, a leading zero, longer): the parser
   * decides those.
   */
  private static int endOfInteger(byte[] json, int from, boolean signed) {
    int i = from;
    if (signed && i < json.length && json[i] == '-') {
      i++;
    }
    int digitsStart = i;
    while (i < json.length && json[i] >= '0' && json[i] <= '9') {
      i++;
    }
    int digits = i - digitsStart;
    if (digits == 0 || digits > MAX_DIGITS || (json[digitsStart] == '0' && digits > 1)) {
      return -1;
    }
    if (i < json.length && (json[i] == '.' || json[i] == 'e' || json[i] == 'E')) {
      return -1;
    }
    return i;
  }

  private static boolean startsWith(byte[] json, int from, String literal) {
    if (from + literal.length() > json.length) {
      return false;
    }
    for (int k = 0; k < literal.length(); k++) {
      if (json[from + k] != literal.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
