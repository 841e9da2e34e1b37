package dev.kappa.codec;

import static dev.kappa.Fixtures.BASE_TIME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kappa.Fixtures;
import dev.kappa.model.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventJsonTest {
  private static final String BID =
      "{\"type\":\"bid\",\"auction\":1000,\"bidder\":7,\"price\":1250,\"channel\":\"Google\","
          + "\"url\":\"https://www.nexmark.com/x/item.htm\",\"dateTime\":1767225600000,"
          + "\"extra\":\"\"}";

  @Test
  void encodesFieldsInContractOrder() {
    assertEquals(BID, EventJson.encode(Event.of(Fixtures.bid(1000, 1250, BASE_TIME))));
  }

  @Test
  void roundTripsEveryEventType() throws InvalidEventException {
    for (Event event :
        new Event[] {
          Event.of(Fixtures.person(1001, "OR", BASE_TIME)),
          Event.of(Fixtures.auction(1002, 1001, 10, BASE_TIME)),
          Event.of(Fixtures.bid(1002, 99, BASE_TIME))
        }) {
      assertEquals(event, EventJson.decode(EventJson.encode(event)));
    }
  }

  /** Nested values (objects, arrays) send the record to the tree reader: the same answer. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"schemaVersion\":2,",
        "\"schemaVersion\":2,\"origin\":null,",
        "\"meta\":{\"source\":\"app\",\"tags\":[1,2]},",
        "\"meta\":[{\"a\":1},{\"a\":1}],",
      })
  void toleratesExtraFields(String extraFields) throws InvalidEventException {
    String withExtra = BID.replace("{\"type\"", "{" + extraFields.trim() + "\"type\"");
    assertEquals(Fixtures.bid(1000, 1250, BASE_TIME), EventJson.decode(withExtra).getBid());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not JSON at all             | malformed JSON",
        "{\"type\":\"bid\"            | malformed JSON",
        "[1,2,3]                     | not a JSON object",
        "{\"type\":\"refund\"}         | unknown type 'refund' (expected person, auction or bid)",
        "{\"auction\":1}              | missing field 'type'",
        "{\"type\":\"bid\",\"auction\":1} | missing field 'bidder'",
      })
  void rejectsWithReason(String payload, String reasonStart) {
    InvalidEventException e =
        assertThrows(InvalidEventException.class, () -> EventJson.decode(payload.trim()));
    assertEquals(true, e.getMessage().startsWith(reasonStart), e.getMessage());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"price\":1250       | \"price\":-5     | field 'price' must not be negative, got -5",
        "\"auction\":1000     | \"auction\":-1   | field 'auction' must not be negative, got -1",
        "\"price\":1250       | \"price\":\"12\" | field 'price' must be a whole number, got string \"12\"",
        "\"price\":1250       | \"price\":12.5   | field 'price' must be a whole number, got number 12.5",
        "\"price\":1250       | \"price\":1e400  | field 'price' must be a whole number",
        "\"price\":1250       | \"price\":99999999999999999999 | field 'price' must be a whole number",
        "\"price\":1250       | \"price\":1250,\"price\":7 | malformed JSON: Duplicate field 'price'",
        "\"extra\":\"\"     | \"extra\":\"\",\"v\":1,\"v\":1 | malformed JSON: Duplicate field 'v'",
        "\"extra\":\"\"     | \"extra\":\"\",\"m\":{\"a\":1,\"a\":2} | malformed JSON: Duplicate field 'a'",
        "\"price\":1250       | \"price\":1250,\"m\":[1],\"price\":7 | malformed JSON: Duplicate field 'price'",
        "\"price\":1250       | \"price\":{\"amount\":1250} | field 'price' must be a whole number, got object {\"amount\":1250}",
        "\"price\":1250       | \"price\":true   | field 'price' must be a whole number, got boolean true",
        "\"price\":1250       | \"price\":null   | missing field 'price'",
        "\"channel\":\"Google\" | \"channel\":3   | field 'channel' must be a string, got number 3",
      })
  void rejectsBadFieldWithReason(String good, String bad, String reasonStart) {
    String payload = BID.replace(good.trim(), bad.trim());
    InvalidEventException e =
        assertThrows(InvalidEventException.class, () -> EventJson.decode(payload));
    assertEquals(true, e.getMessage().startsWith(reasonStart.trim()), e.getMessage());
  }

  /** Inputs no producer of ours writes, which a log may still hold: each is refused, not thrown. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "nested 5,000 deep | malformed JSON",
        "empty             | not a JSON object",
        "null              | not a JSON object",
        "a bare number     | not a JSON object",
      })
  void rejectsAbsurdInputWithReason(String input, String reasonStart) {
    String payload =
        switch (input.trim()) {
          case "nested 5,000 deep" ->
              BID.replace("\"extra\":\"\"", "\"extra\":" + "[".repeat(5_000) + "]".repeat(5_000));
          case "empty" -> "";
          case "null" -> "null";
          default -> "123456789012345678901234567890";
        };
    InvalidEventException e =
        assertThrows(InvalidEventException.class, () -> EventJson.decode(payload));
    assertEquals(true, e.getMessage().startsWith(reasonStart.trim()), e.getMessage());
  }
}
