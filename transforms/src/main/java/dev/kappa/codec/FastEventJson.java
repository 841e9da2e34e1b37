package dev.kappa.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.kappa.model.Auction;
import dev.kappa.model.Bid;
import dev.kappa.model.Event;
import dev.kappa.model.Person;
import java.io.IOException;

/**
 * The common case of {@link EventJson#decode}: one pass of Jackson's streaming parser over a
 * well-formed event, without building a tree. It gives up (returns null) at anything unusual — a
 * field twice, a null, a number that is not a plain integer, a missing field, a value out of range,
 * malformed JSON — and the tree decoder then decides, with its precise reason. So it returns
 * exactly what the tree decoder would, only sooner; {@code EventJsonTest} checks both on the same
 * records.
 */
final class FastEventJson {
  private FastEventJson() {}

  /** Field slots: each contract field of any type has one. */
  private enum Field {
    TYPE, ID, NAME, EMAIL_ADDRESS, CREDIT_CARD, CITY, STATE, DATE_TIME, EXTRA, ITEM_NAME,
    DESCRIPTION, INITIAL_BID, RESERVE, EXPIRES, SELLER, CATEGORY, AUCTION, BIDDER, PRICE, CHANNEL,
    URL;

    static Field of(String name) {
      switch (name) {
        case "type": return TYPE;
        case "id": return ID;
        case "name": return NAME;
        case "emailAddress": return EMAIL_ADDRESS;
        case "creditCard": return CREDIT_CARD;
        case "city": return CITY;
        case "state": return STATE;
        case "dateTime": return DATE_TIME;
        case "extra": return EXTRA;
        case "itemName": return ITEM_NAME;
        case "description": return DESCRIPTION;
        case "initialBid": return INITIAL_BID;
        case "reserve": return RESERVE;
        case "expires": return EXPIRES;
        case "seller": return SELLER;
        case "category": return CATEGORY;
        case "auction": return AUCTION;
        case "bidder": return BIDDER;
        case "price": return PRICE;
        case "channel": return CHANNEL;
        case "url": return URL;
        default: return null;
      }
    }
  }

  private static final Field[] FIELDS = Field.values();
  private static final long LATEST = EventJson.LATEST_EVENT_TIME.toEpochMilli();

  /** One record's fields: a string or a non-negative long per slot, and which slots were seen. */
  private static final class Slots {
    final String[] strings = new String[FIELDS.length];
    final long[] longs = new long[FIELDS.length];
    int seen;

    boolean has(Field f) {
      return (seen & (1 << f.ordinal())) != 0;
    }
  }

  /** The event, or null when the tree decoder must decide. */
  static Event tryDecode(JsonFactory factory, String payload) {
    Slots slots = new Slots();
    try (JsonParser json = factory.createParser(payload)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      for (JsonToken token = json.nextToken(); token != JsonToken.END_OBJECT;
          token = json.nextToken()) {
        if (token != JsonToken.FIELD_NAME) {
          return null;
        }
        Field field = Field.of(json.currentName());
        JsonToken value = json.nextToken();
        if (field == null) {
          json.skipChildren();
          continue;
        }
        int bit = 1 << field.ordinal();
        if ((slots.seen & bit) != 0) {
          return null;
        }
        slots.seen |= bit;
        if (value == JsonToken.VALUE_STRING) {
          slots.strings[field.ordinal()] = json.getText();
        } else if (value == JsonToken.VALUE_NUMBER_INT
            && json.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
          long number = json.getLongValue();
          if (number < 0) {
            return null;
          }
          slots.longs[field.ordinal()] = number;
        } else {
          // objects, arrays, nulls, floats, booleans in a contract field: let the tree decide
          return null;
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    String type = slots.strings[Field.TYPE.ordinal()];
    if (type == null) {
      return null;
    }
    switch (type) {
      case "bid":
        return bid(slots);
      case "auction":
        return auction(slots);
      case "person":
        return person(slots);
      default:
        return null;
    }
  }

  private static Event bid(Slots s) {
    if (!longs(s, Field.AUCTION, Field.BIDDER, Field.PRICE) || !time(s, Field.DATE_TIME)
        || !strings(s, Field.CHANNEL, Field.URL, Field.EXTRA)) {
      return null;
    }
    return Event.of(
        Bid.builder()
            .setAuction(s.longs[Field.AUCTION.ordinal()])
            .setBidder(s.longs[Field.BIDDER.ordinal()])
            .setPrice(s.longs[Field.PRICE.ordinal()])
            .setChannel(s.strings[Field.CHANNEL.ordinal()])
            .setUrl(s.strings[Field.URL.ordinal()])
            .setDateTime(s.longs[Field.DATE_TIME.ordinal()])
            .setExtra(s.strings[Field.EXTRA.ordinal()])
            .build());
  }

  private static Event auction(Slots s) {
    if (!longs(s, Field.ID, Field.INITIAL_BID, Field.RESERVE, Field.SELLER, Field.CATEGORY)
        || !time(s, Field.DATE_TIME) || !time(s, Field.EXPIRES)
        || !strings(s, Field.ITEM_NAME, Field.DESCRIPTION, Field.EXTRA)
        || s.longs[Field.EXPIRES.ordinal()] < s.longs[Field.DATE_TIME.ordinal()]) {
      return null;
    }
    return Event.of(
        Auction.builder()
            .setId(s.longs[Field.ID.ordinal()])
            .setItemName(s.strings[Field.ITEM_NAME.ordinal()])
            .setDescription(s.strings[Field.DESCRIPTION.ordinal()])
            .setInitialBid(s.longs[Field.INITIAL_BID.ordinal()])
            .setReserve(s.longs[Field.RESERVE.ordinal()])
            .setDateTime(s.longs[Field.DATE_TIME.ordinal()])
            .setExpires(s.longs[Field.EXPIRES.ordinal()])
            .setSeller(s.longs[Field.SELLER.ordinal()])
            .setCategory(s.longs[Field.CATEGORY.ordinal()])
            .setExtra(s.strings[Field.EXTRA.ordinal()])
            .build());
  }

  private static Event person(Slots s) {
    if (!longs(s, Field.ID) || !time(s, Field.DATE_TIME)
        || !strings(s, Field.NAME, Field.EMAIL_ADDRESS, Field.CREDIT_CARD, Field.CITY,
            Field.STATE, Field.EXTRA)) {
      return null;
    }
    return Event.of(
        Person.builder()
            .setId(s.longs[Field.ID.ordinal()])
            .setName(s.strings[Field.NAME.ordinal()])
            .setEmailAddress(s.strings[Field.EMAIL_ADDRESS.ordinal()])
            .setCreditCard(s.strings[Field.CREDIT_CARD.ordinal()])
            .setCity(s.strings[Field.CITY.ordinal()])
            .setState(s.strings[Field.STATE.ordinal()])
            .setDateTime(s.longs[Field.DATE_TIME.ordinal()])
            .setExtra(s.strings[Field.EXTRA.ordinal()])
            .build());
  }

  /** Present as whole numbers (the parse already refused negatives). */
  private static boolean longs(Slots s, Field... fields) {
    for (Field f : fields) {
      if (!s.has(f) || s.strings[f.ordinal()] != null) {
        return false;
      }
    }
    return true;
  }

  private static boolean time(Slots s, Field f) {
    return longs(s, f) && s.longs[f.ordinal()] < LATEST;
  }

  private static boolean strings(Slots s, Field... fields) {
    for (Field f : fields) {
      if (s.strings[f.ordinal()] == null) {
        return false;
      }
    }
    return true;
  }
}
