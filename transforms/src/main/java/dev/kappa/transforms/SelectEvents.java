package dev.kappa.transforms;

import dev.kappa.model.Auction;
import dev.kappa.model.Bid;
import dev.kappa.model.Event;
import dev.kappa.model.EventCoders;
import dev.kappa.model.Person;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Keeps the events of one type, as that type: {@link #bids()}, {@link #auctions()}, ... */
public final class SelectEvents<T> extends PTransform<PCollection<Event>, PCollection<T>> {
  private final SerializableFunction<Event, @Nullable T> select;
  private final TypeDescriptor<T> type;
  private final Coder<T> coder;

  private SelectEvents(
      SerializableFunction<Event, @Nullable T> select, Class<T> type, Coder<T> coder) {
    this.select = select;
    this.type = TypeDescriptor.of(type);
    this.coder = coder;
  }

  public static SelectEvents<Bid> bids() {
    return new SelectEvents<>(Event::getBid, Bid.class, EventCoders.bids());
  }

  public static SelectEvents<Auction> auctions() {
    return new SelectEvents<>(Event::getAuction, Auction.class, EventCoders.auctions());
  }

  public static SelectEvents<Person> persons() {
    return new SelectEvents<>(Event::getPerson, Person.class, EventCoders.persons());
  }

  @Override
  public PCollection<T> expand(PCollection<Event> events) {
    return events
        .apply("Select" + type.getRawType().getSimpleName(), ParDo.of(new SelectFn<>(select)))
        .setTypeDescriptor(type)
        .setCoder(coder);
  }

  private static final class SelectFn<T> extends DoFn<Event, T> {
    private final SerializableFunction<Event, @Nullable T> select;

    SelectFn(SerializableFunction<Event, @Nullable T> select) {
      this.select = select;
    }

    @ProcessElement
    public void processElement(@Element Event event, OutputReceiver<T> out) {
      T selected = select.apply(event);
      if (selected != null) {
        out.output(selected);
      }
    }
  }
}
