package dev.kappa.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import dev.kappa.model.Auction;
import dev.kappa.model.Event;
import dev.kappa.model.Person;
import dev.kappa.results.LocalSeller;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * An incremental stream-to-stream join without windows (NEXMark Q3): persons from some states who
 * open an auction in one category, emitted as soon as both the person and the auction have arrived,
 * in either order. Per seller it keeps the person and the auctions still waiting for their person,
 * and clears both once {@code stateTtl} of event time has passed since the seller's last event.
 */
public final class JoinLocalSellers
    extends PTransform<PCollection<Event>, PCollection<LocalSeller>> {
  private final Set<String> states;
  private final long category;
  private final Duration stateTtl;

  private JoinLocalSellers(Set<String> states, long category, Duration stateTtl) {
    this.states = states;
    this.category = category;
    this.stateTtl = stateTtl;
  }

  public static JoinLocalSellers of(Set<String> states, long category, Duration stateTtl) {
    return new JoinLocalSellers(new TreeSet<>(states), category, stateTtl);
  }

  @Override
  public PCollection<LocalSeller> expand(PCollection<Event> events) {
    checkArgument(!states.isEmpty(), "states must name at least one state");
    checkArgument(stateTtl.isLongerThan(Duration.ZERO), "stateTtl must be > 0, got %s", stateTtl);
    Coder<Event> eventCoder = events.getCoder();
    return events
        .apply("KeyBySeller", ParDo.of(new KeyBySellerFn(states, category)))
        .setCoder(KvCoder.of(VarLongCoder.of(), eventCoder))
        .apply("JoinPersonsWithAuctions", ParDo.of(new JoinFn(stateTtl, eventCoder)));
  }

  /** Persons of the chosen states by id, auctions of the chosen category by seller. */
  static final class KeyBySellerFn extends DoFn<Event, KV<Long, Event>> {
    private final Set<String> states;
    private final long category;

    KeyBySellerFn(Set<String> states, long category) {
      this.states = states;
      this.category = category;
    }

    @ProcessElement
    public void processElement(@Element Event event, OutputReceiver<KV<Long, Event>> out) {
      Person person = event.getPerson();
      Auction auction = event.getAuction();
      if (person != null && states.contains(person.getState())) {
        out.output(KV.of(person.getId(), event));
      } else if (auction != null && auction.getCategory() == category) {
        out.output(KV.of(auction.getSeller(), event));
      }
    }
  }

  static final class JoinFn extends DoFn<KV<Long, Event>, LocalSeller> {
    private final Duration stateTtl;

    @StateId("person")
    private final StateSpec<ValueState<Event>> personSpec;

    @StateId("waitingAuctions")
    private final StateSpec<BagState<Event>> waitingSpec;

    @StateId("expiresAt")
    private final StateSpec<ValueState<Instant>> expiresAtSpec = StateSpecs.value();

    @TimerId("expiry")
    private final TimerSpec expirySpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    JoinFn(Duration stateTtl, Coder<Event> eventCoder) {
      this.stateTtl = stateTtl;
      this.personSpec = StateSpecs.value(eventCoder);
      this.waitingSpec = StateSpecs.bag(eventCoder);
    }

    @ProcessElement
    public void processElement(
        @Element KV<Long, Event> keyed,
        @Timestamp Instant timestamp,
        @StateId("person") ValueState<Event> person,
        @StateId("waitingAuctions") BagState<Event> waitingAuctions,
        @StateId("expiresAt") ValueState<Instant> expiresAt,
        @TimerId("expiry") Timer expiry,
        OutputReceiver<LocalSeller> out) {
      Event event = keyed.getValue();
      if (event.getPerson() != null) {
        person.write(event);
        for (Event waiting : waitingAuctions.read()) {
          out.output(join(event.getPerson(), waiting.getAuction()));
        }
        waitingAuctions.clear();
      } else {
        Event seller = person.read();
        if (seller != null) {
          out.output(join(seller.getPerson(), event.getAuction()));
        } else {
          waitingAuctions.add(event);
        }
      }
      Instant expires = timestamp.plus(stateTtl);
      Instant current = expiresAt.read();
      if (current == null || expires.isAfter(current)) {
        expiresAt.write(expires);
        expiry.set(expires);
      }
    }

    @OnTimer("expiry")
    public void onExpiry(
        @StateId("person") ValueState<Event> person,
        @StateId("waitingAuctions") BagState<Event> waitingAuctions,
        @StateId("expiresAt") ValueState<Instant> expiresAt) {
      person.clear();
      waitingAuctions.clear();
      expiresAt.clear();
    }

    private static LocalSeller join(Person person, Auction auction) {
      return LocalSeller.create(
          person.getName(), person.getCity(), person.getState(), auction.getId());
    }
  }
}
