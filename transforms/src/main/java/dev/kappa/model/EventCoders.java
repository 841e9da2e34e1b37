package dev.kappa.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Hand-written coders for the events on the hot edges of every pipeline (decoded events, bids). The
 * types keep their Beam schemas for everything else; these encode the same fields in their declared
 * order without going through a {@code Row}, which made Beam's schema coder 20% of a Flink batch
 * run's CPU where decoded events cross from one task to the next.
 */
public final class EventCoders {
  private static final Coder<String> STRING = StringUtf8Coder.of();
  private static final Coder<Long> LONG = VarLongCoder.of();

  private EventCoders() {}

  public static Coder<Event> events() {
    return EventCoder.INSTANCE;
  }

  public static Coder<Bid> bids() {
    return BidCoder.INSTANCE;
  }

  public static Coder<Auction> auctions() {
    return AuctionCoder.INSTANCE;
  }

  public static Coder<Person> persons() {
    return PersonCoder.INSTANCE;
  }

  /** Equal values encode equally, so Beam may compare them with {@code equals}. */
  private abstract static class ValueCoder<T> extends AtomicCoder<T> {
    @Override
    public boolean consistentWithEquals() {
      return true;
    }
  }

  private static final class EventCoder extends ValueCoder<Event> {
    static final EventCoder INSTANCE = new EventCoder();

    @Override
    public void encode(Event event, OutputStream out) throws IOException {
      Event.Type type = event.type();
      out.write(type.ordinal());
      switch (type) {
        case PERSON:
          PersonCoder.INSTANCE.encode(event.getPerson(), out);
          break;
        case AUCTION:
          AuctionCoder.INSTANCE.encode(event.getAuction(), out);
          break;
        default:
          BidCoder.INSTANCE.encode(event.getBid(), out);
      }
    }

    @Override
    public Event decode(InputStream in) throws IOException {
      int type = in.read();
      switch (type) {
        case 0:
          return Event.of(PersonCoder.INSTANCE.decode(in));
        case 1:
          return Event.of(AuctionCoder.INSTANCE.decode(in));
        case 2:
          return Event.of(BidCoder.INSTANCE.decode(in));
        default:
          throw new CoderException("not an encoded event: type byte " + type);
      }
    }
  }

  private static final class BidCoder extends ValueCoder<Bid> {
    static final BidCoder INSTANCE = new BidCoder();

    @Override
    public void encode(Bid bid, OutputStream out) throws IOException {
      LONG.encode(bid.getAuction(), out);
      LONG.encode(bid.getBidder(), out);
      LONG.encode(bid.getPrice(), out);
      STRING.encode(bid.getChannel(), out);
      STRING.encode(bid.getUrl(), out);
      LONG.encode(bid.getDateTime(), out);
      STRING.encode(bid.getExtra(), out);
    }

    @Override
    public Bid decode(InputStream in) throws IOException {
      return Bid.builder()
          .setAuction(LONG.decode(in))
          .setBidder(LONG.decode(in))
          .setPrice(LONG.decode(in))
          .setChannel(STRING.decode(in))
          .setUrl(STRING.decode(in))
          .setDateTime(LONG.decode(in))
          .setExtra(STRING.decode(in))
          .build();
    }
  }

  private static final class AuctionCoder extends ValueCoder<Auction> {
    static final AuctionCoder INSTANCE = new AuctionCoder();

    @Override
    public void encode(Auction a, OutputStream out) throws IOException {
      LONG.encode(a.getId(), out);
      STRING.encode(a.getItemName(), out);
      STRING.encode(a.getDescription(), out);
      LONG.encode(a.getInitialBid(), out);
      LONG.encode(a.getReserve(), out);
      LONG.encode(a.getDateTime(), out);
      LONG.encode(a.getExpires(), out);
      LONG.encode(a.getSeller(), out);
      LONG.encode(a.getCategory(), out);
      STRING.encode(a.getExtra(), out);
    }

    @Override
    public Auction decode(InputStream in) throws IOException {
      return Auction.builder()
          .setId(LONG.decode(in))
          .setItemName(STRING.decode(in))
          .setDescription(STRING.decode(in))
          .setInitialBid(LONG.decode(in))
          .setReserve(LONG.decode(in))
          .setDateTime(LONG.decode(in))
          .setExpires(LONG.decode(in))
          .setSeller(LONG.decode(in))
          .setCategory(LONG.decode(in))
          .setExtra(STRING.decode(in))
          .build();
    }
  }

  private static final class PersonCoder extends ValueCoder<Person> {
    static final PersonCoder INSTANCE = new PersonCoder();

    @Override
    public void encode(Person p, OutputStream out) throws IOException {
      LONG.encode(p.getId(), out);
      STRING.encode(p.getName(), out);
      STRING.encode(p.getEmailAddress(), out);
      STRING.encode(p.getCreditCard(), out);
      STRING.encode(p.getCity(), out);
      STRING.encode(p.getState(), out);
      LONG.encode(p.getDateTime(), out);
      STRING.encode(p.getExtra(), out);
    }

    @Override
    public Person decode(InputStream in) throws IOException {
      return Person.builder()
          .setId(LONG.decode(in))
          .setName(STRING.decode(in))
          .setEmailAddress(STRING.decode(in))
          .setCreditCard(STRING.decode(in))
          .setCity(STRING.decode(in))
          .setState(STRING.decode(in))
          .setDateTime(LONG.decode(in))
          .setExtra(STRING.decode(in))
          .build();
    }
  }
}
