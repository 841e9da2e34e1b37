package dev.kappa.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.model.Auction;
import dev.kappa.model.Bid;
import dev.kappa.model.Event;
import dev.kappa.model.Person;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The JSON wire format: one object per record with a {@code type} field. Encoding writes the
 * fields in a fixed order, so the same event always gives the same bytes. Decoding is strict about
 * what the contract names (every field present, of its type, ids and prices not negative) and
 * tolerant of extra fields, so producers can add fields without breaking consumers.
 */
public final class EventJson {
  // A field given twice is refused, not resolved to its last value: which one a producer meant is
  // unknowable, and two readers of the log could pick differently.
  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  private EventJson() {}

  public static String encode(Event event) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("type", event.type().wireName());
      switch (event.type()) {
        case PERSON:
          writePerson(json, event.getPerson());
          break;
        case AUCTION:
          writeAuction(json, event.getAuction());
          break;
        default:
          writeBid(json, event.getBid());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory cannot fail", e);
    }
    return out.toString();
  }

  private static void writePerson(JsonGenerator json, Person p) throws IOException {
    json.writeNumberField("id", p.getId());
    json.writeStringField("name", p.getName());
    json.writeStringField("emailAddress", p.getEmailAddress());
    json.writeStringField("creditCard", p.getCreditCard());
    json.writeStringField("city", p.getCity());
    json.writeStringField("state", p.getState());
    json.writeNumberField("dateTime", p.getDateTime());
    json.writeStringField("extra", p.getExtra());
  }

  private static void writeAuction(JsonGenerator json, Auction a) throws IOException {
    json.writeNumberField("id", a.getId());
    json.writeStringField("itemName", a.getItemName());
    json.writeStringField("description", a.getDescription());
    json.writeNumberField("initialBid", a.getInitialBid());
    json.writeNumberField("reserve", a.getReserve());
    json.writeNumberField("dateTime", a.getDateTime());
    json.writeNumberField("expires", a.getExpires());
    json.writeNumberField("seller", a.getSeller());
    json.writeNumberField("category", a.getCategory());
    json.writeStringField("extra", a.getExtra());
  }

  private static void writeBid(JsonGenerator json, Bid b) throws IOException {
    json.writeNumberField("auction", b.getAuction());
    json.writeNumberField("bidder", b.getBidder());
    json.writeNumberField("price", b.getPrice());
    json.writeStringField("channel", b.getChannel());
    json.writeStringField("url", b.getUrl());
    json.writeNumberField("dateTime", b.getDateTime());
    json.writeStringField("extra", b.getExtra());
  }

  /** Event times at or after this are rejected as absurd. */
  public static final Instant LATEST_EVENT_TIME = Instant.parse("2100-01-01T00:00:00Z");

  /** Decodes one record, or says in the exception's message why it is not a valid event. */
  public static Event decode(String payload) throws InvalidEventException {
    JsonNode root;
    try {
      root = MAPPER.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException("malformed JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidEventException("not a JSON object");
    }
    Fields fields = new Fields(root);
    String type = fields.string("type");
    switch (type) {
      case "person":
        return Event.of(readPerson(fields));
      case "auction":
        return Event.of(readAuction(fields));
      case "bid":
        return Event.of(readBid(fields));
      default:
        throw new InvalidEventException(
            "unknown type '" + type + "' (expected person, auction or bid)");
    }
  }

  private static Person readPerson(Fields f) throws InvalidEventException {
    return Person.builder()
        .setId(f.nonNegativeLong("id"))
        .setName(f.string("name"))
        .setEmailAddress(f.string("emailAddress"))
        .setCreditCard(f.string("creditCard"))
        .setCity(f.string("city"))
        .setState(f.string("state"))
        .setDateTime(f.eventTime("dateTime"))
        .setExtra(f.string("extra"))
        .build();
  }

  private static Auction readAuction(Fields f) throws InvalidEventException {
    Auction auction =
        Auction.builder()
            .setId(f.nonNegativeLong("id"))
            .setItemName(f.string("itemName"))
            .setDescription(f.string("description"))
            .setInitialBid(f.nonNegativeLong("initialBid"))
            .setReserve(f.nonNegativeLong("reserve"))
            .setDateTime(f.eventTime("dateTime"))
            .setExpires(f.eventTime("expires"))
            .setSeller(f.nonNegativeLong("seller"))
            .setCategory(f.nonNegativeLong("category"))
            .setExtra(f.string("extra"))
            .build();
    if (auction.getExpires() < auction.getDateTime()) {
      throw new InvalidEventException(
          "auction expires (" + auction.getExpires() + ") before it opens (" + auction.getDateTime()
              + ")");
    }
    return auction;
  }

  private static Bid readBid(Fields f) throws InvalidEventException {
    return Bid.builder()
        .setAuction(f.nonNegativeLong("auction"))
        .setBidder(f.nonNegativeLong("bidder"))
        .setPrice(f.nonNegativeLong("price"))
        .setChannel(f.string("channel"))
        .setUrl(f.string("url"))
        .setDateTime(f.eventTime("dateTime"))
        .setExtra(f.string("extra"))
        .build();
  }

  /** Typed, checked access to the fields of one JSON object. */
  private static final class Fields {
    private final JsonNode root;

    Fields(JsonNode root) {
      this.root = root;
    }

    String string(String name) throws InvalidEventException {
      JsonNode node = required(name);
      if (!node.isTextual()) {
        throw new InvalidEventException(
            "field '" + name + "' must be a string, got " + describe(node));
      }
      return node.textValue();
    }

    long nonNegativeLong(String name) throws InvalidEventException {
      JsonNode node = required(name);
      if (!node.isIntegralNumber() || !node.canConvertToLong()) {
        throw new InvalidEventException(
            "field '" + name + "' must be a whole number, got " + describe(node));
      }
      long value = node.longValue();
      if (value < 0) {
        throw new InvalidEventException("field '" + name + "' must not be negative, got " + value);
      }
      return value;
    }

    /**
     * An epoch-millisecond time before {@link #LATEST_EVENT_TIME}: a time in the far future would
     * hold its window open for ever and drag a live watermark with it.
     */
    long eventTime(String name) throws InvalidEventException {
      long value = nonNegativeLong(name);
      if (value >= LATEST_EVENT_TIME.toEpochMilli()) {
        throw new InvalidEventException(
            "field '" + name + "' must be before " + LATEST_EVENT_TIME + ", got " + value);
      }
      return value;
    }

    private JsonNode required(String name) throws InvalidEventException {
      JsonNode node = root.get(name);
      if (node == null || node.isNull()) {
        throw new InvalidEventException("missing field '" + name + "'");
      }
      return node;
    }

    private static String describe(JsonNode node) {
      String text = node.toString();
      return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
          + " " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }
  }
}
