package dev.kappa.generator;

import dev.kappa.codec.EventJson;
import dev.kappa.model.Auction;
import dev.kappa.model.Bid;
import dev.kappa.model.Event;
import dev.kappa.model.Person;
import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * The NEXMark marketplace as a pure function of (seed, event index): event {@code i} is always the
 * same, whichever worker, runner or run computes it, so a bounded run, an unbounded run and a
 * replayed file all see the same events.
 *
 * <p>Per 50 events: 1 person, 3 auctions, 46 bids. Auctions are sold by registered persons, half of
 * them by a few hot sellers; half of the bids go to the newest (hot) auction, the rest to one of
 * the last {@value #IN_FLIGHT_AUCTIONS} auctions, all still open; three quarters come from hot
 * bidders.
 *
 * <p>Event time: event {@code i} is due at {@link #idealTime(long)}, which advances at {@code
 * eventsPerSecond}. Its {@code dateTime} lies up to {@code maxOutOfOrderMs} before that (out of
 * order, but never behind the watermark), or for a {@code lateFraction} share of events further
 * back, up to {@code maxLateMs} behind the watermark (late data).
 */
public final class EventGenerator implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final int EVENTS_PER_CYCLE = 50;
  public static final int PERSONS_PER_CYCLE = 1;
  public static final int AUCTIONS_PER_CYCLE = 3;
  public static final long FIRST_PERSON_ID = 1000;
  public static final long FIRST_AUCTION_ID = 1000;
  public static final long FIRST_CATEGORY_ID = 10;
  public static final int CATEGORIES = 5;
  public static final int IN_FLIGHT_AUCTIONS = 100;
  public static final int ACTIVE_PERSONS = 1000;
  public static final int HOT_AUCTION_RATIO = 2;
  public static final int HOT_BIDDER_RATIO = 4;
  public static final int HOT_SELLER_RATIO = 2;

  private static final String[] FIRST_NAMES = {
    "Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter"
  };
  private static final String[] LAST_NAMES = {
    "Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"
  };
  private static final String[] US_STATES = {"AZ", "CA", "ID", "OR", "WA", "WY"};
  private static final String[] US_CITIES = {
    "Phoenix",
    "Los Angeles",
    "San Francisco",
    "Boise",
    "Portland",
    "Bend",
    "Redmond",
    "Seattle",
    "Kent",
    "Cheyenne"
  };
  private static final String[] CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private final GeneratorConfig config;

  /**
   * How long an auction stays open at least: long enough for every in-flight auction to get bids.
   */
  private final long minAuctionLengthMs;

  public EventGenerator(GeneratorConfig config) {
    this.config = config;
    long eventsSpannedByInFlightAuctions =
        (long) IN_FLIGHT_AUCTIONS * EVENTS_PER_CYCLE / AUCTIONS_PER_CYCLE + EVENTS_PER_CYCLE;
    this.minAuctionLengthMs = eventsSpannedByInFlightAuctions * 1000 / config.eventsPerSecond() + 1;
  }

  public GeneratorConfig config() {
    return config;
  }

  /** The event at {@code index}, as a JSON wire-format line (no line terminator). */
  public String json(long index) {
    return EventJson.encode(event(index));
  }

  public Event event(long index) {
    SplittableRandom content = new SplittableRandom(mix(config.seed(), 2 * index));
    long dateTime = eventTime(index);
    int offset = (int) (index % EVENTS_PER_CYCLE);
    if (offset < PERSONS_PER_CYCLE) {
      return Event.of(person(index, dateTime, content));
    }
    if (offset < PERSONS_PER_CYCLE + AUCTIONS_PER_CYCLE) {
      return Event.of(auction(index, dateTime, content));
    }
    return Event.of(bid(index, dateTime, content));
  }

  /** When event {@code index} is due: event time advances steadily with the index. */
  public long idealTime(long index) {
    return config.firstEventTime() + index * 1000 / config.eventsPerSecond();
  }

  /**
   * The watermark a source can promise after delivering events up to {@code nextIndex - 1}: no
   * on-time event from {@code nextIndex} on is older than this.
   */
  public long watermarkBefore(long nextIndex) {
    return idealTime(nextIndex) - config.maxOutOfOrderMs();
  }

  /** The event time of event {@code index}: its due time less its delivery delay. */
  public long eventTime(long index) {
    SplittableRandom timing = new SplittableRandom(mix(config.seed(), 2 * index + 1));
    long delay;
    if (config.lateFraction() > 0 && timing.nextDouble() < config.lateFraction()) {
      delay = config.maxOutOfOrderMs() + 1 + timing.nextLong(config.maxLateMs());
    } else {
      delay = config.maxOutOfOrderMs() > 0 ? timing.nextLong(config.maxOutOfOrderMs() + 1) : 0;
    }
    return Math.max(0, idealTime(index) - delay);
  }

  private Person person(long index, long dateTime, SplittableRandom r) {
    return Person.builder()
        .setId(FIRST_PERSON_ID + personsBefore(index))
        .setName(pick(FIRST_NAMES, r) + " " + pick(LAST_NAMES, r))
        .setEmailAddress(letters(r, 7) + "@" + letters(r, 5) + ".com")
        .setCreditCard(digits(r, 4) + " " + digits(r, 4) + " " + digits(r, 4) + " " + digits(r, 4))
        .setCity(pick(US_CITIES, r))
        .setState(pick(US_STATES, r))
        .setDateTime(dateTime)
        .setExtra(letters(r, r.nextInt(16)))
        .build();
  }

  private Auction auction(long index, long dateTime, SplittableRandom r) {
    long initialBid = price(r);
    long lastPerson = personsBefore(index) - 1;
    long seller =
        r.nextInt(HOT_SELLER_RATIO) > 0
            ? (lastPerson / HOT_SELLER_RATIO) * HOT_SELLER_RATIO
            : recent(lastPerson, ACTIVE_PERSONS, r);
    return Auction.builder()
        .setId(FIRST_AUCTION_ID + auctionsBefore(index))
        .setItemName(letters(r, 12))
        .setDescription(letters(r, 24))
        .setInitialBid(initialBid)
        .setReserve(initialBid + price(r))
        .setDateTime(dateTime)
        .setExpires(idealTime(index) + minAuctionLengthMs + r.nextLong(9 * minAuctionLengthMs))
        .setSeller(FIRST_PERSON_ID + seller)
        .setCategory(FIRST_CATEGORY_ID + r.nextInt(CATEGORIES))
        .setExtra(letters(r, r.nextInt(16)))
        .build();
  }

  private Bid bid(long index, long dateTime, SplittableRandom r) {
    long lastAuction = auctionsBefore(index) - 1;
    long auction =
        r.nextInt(HOT_AUCTION_RATIO) > 0
            ? (lastAuction / HOT_AUCTION_RATIO) * HOT_AUCTION_RATIO
            : recent(lastAuction, IN_FLIGHT_AUCTIONS, r);
    long lastPerson = personsBefore(index) - 1;
    long bidder =
        r.nextInt(HOT_BIDDER_RATIO) > 0
            ? (lastPerson / HOT_BIDDER_RATIO) * HOT_BIDDER_RATIO
            : recent(lastPerson, ACTIVE_PERSONS, r);
    String channel = pick(CHANNELS, r);
    return Bid.builder()
        .setAuction(FIRST_AUCTION_ID + auction)
        .setBidder(FIRST_PERSON_ID + bidder)
        .setPrice(price(r))
        .setChannel(channel)
        .setUrl("https://www.nexmark.com/" + letters(r, 5) + "/item.htm?channel=" + channel)
        .setDateTime(dateTime)
        .setExtra(letters(r, r.nextInt(16)))
        .build();
  }

  /** Persons registered before event {@code index} (the person of its own cycle included). */
  static long personsBefore(long index) {
    long offset = index % EVENTS_PER_CYCLE;
    return index / EVENTS_PER_CYCLE * PERSONS_PER_CYCLE + Math.min(offset, PERSONS_PER_CYCLE);
  }

  /** Auctions opened before event {@code index}. */
  static long auctionsBefore(long index) {
    long offset = index % EVENTS_PER_CYCLE;
    long inCycle = Math.min(Math.max(offset - PERSONS_PER_CYCLE, 0), AUCTIONS_PER_CYCLE);
    return index / EVENTS_PER_CYCLE * AUCTIONS_PER_CYCLE + inCycle;
  }

  /** One of the {@code window} newest ids up to {@code last}, uniformly. */
  private static long recent(long last, int window, SplittableRandom r) {
    long first = Math.max(0, last - window + 1);
    return first + r.nextLong(last - first + 1);
  }

  /** Prices spread over six orders of magnitude, from $1 to $1M, in cents. */
  private static long price(SplittableRandom r) {
    return Math.round(Math.pow(10.0, r.nextDouble() * 6.0) * 100.0);
  }

  private static String pick(String[] values, SplittableRandom r) {
    return values[r.nextInt(values.length)];
  }

  private static String letters(SplittableRandom r, int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = (char) ('a' + r.nextInt(26));
    }
    return new String(chars);
  }

  private static String digits(SplittableRandom r, int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = (char) ('0' + r.nextInt(10));
    }
    return new String(chars);
  }

  /** SplitMix64's finalizer over (seed, stream): independent, well-mixed per-event seeds. */
  private static long mix(long seed, long stream) {
    long z = seed * GOLDEN_GAMMA + stream * 0xBF58476D1CE4E5B9L + GOLDEN_GAMMA;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
