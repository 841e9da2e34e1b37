package dev.kappa.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import dev.kappa.model.Auction;
import dev.kappa.model.Event;
import dev.kappa.model.Person;
import dev.kappa.results.NewSeller;
import dev.kappa.windowing.Triggering;
import dev.kappa.windowing.WindowPane;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Persons who registered and opened an auction within the same fixed event-time window (NEXMark
 * Q8): a windowed join of persons (by id) with auctions (by seller).
 */
public final class JoinNewSellers extends PTransform<PCollection<Event>, PCollection<NewSeller>> {
  private static final TupleTag<Person> PERSONS = new TupleTag<>();
  private static final TupleTag<Auction> AUCTIONS = new TupleTag<>();

  private final Duration windowSize;
  private final Triggering triggering;

  private JoinNewSellers(Duration windowSize, Triggering triggering) {
    this.windowSize = windowSize;
    this.triggering = triggering;
  }

  public static JoinNewSellers inFixedWindows(Duration windowSize, Triggering triggering) {
    return new JoinNewSellers(windowSize, triggering);
  }

  @Override
  public PCollection<NewSeller> expand(PCollection<Event> events) {
    checkArgument(
        windowSize.isLongerThan(Duration.ZERO), "windowSize must be > 0, got %s", windowSize);
    PCollection<Event> windowed =
        events.apply(
            "WindowEvents", triggering.applyTo(Window.<Event>into(FixedWindows.of(windowSize))));
    PCollection<KV<Long, Person>> personsById =
        windowed
            .apply("SelectPersons", SelectEvents.persons())
            .apply("KeyById", WithKeys.of(Person::getId).withKeyType(TypeDescriptors.longs()));
    PCollection<KV<Long, Auction>> auctionsBySeller =
        windowed
            .apply("SelectAuctions", SelectEvents.auctions())
            .apply(
                "KeyBySeller",
                WithKeys.of(Auction::getSeller).withKeyType(TypeDescriptors.longs()));
    return KeyedPCollectionTuple.of(PERSONS, personsById)
        .and(AUCTIONS, auctionsBySeller)
        .apply("JoinOnSeller", CoGroupByKey.create())
        .apply("ToNewSellers", ParDo.of(new ToNewSellersFn()));
  }

  static final class ToNewSellersFn extends DoFn<KV<Long, CoGbkResult>, NewSeller> {
    @ProcessElement
    public void processElement(
        @Element KV<Long, CoGbkResult> joined,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<NewSeller> out) {
      WindowPane windowPane = WindowPane.of(window, pane);
      for (Person person : joined.getValue().getAll(PERSONS)) {
        for (Auction auction : joined.getValue().getAll(AUCTIONS)) {
          out.output(
              NewSeller.of(
                  person.getId(),
                  person.getName(),
                  auction.getId(),
                  auction.getReserve(),
                  windowPane));
        }
      }
    }
  }
}
