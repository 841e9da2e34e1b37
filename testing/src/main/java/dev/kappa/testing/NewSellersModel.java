package dev.kappa.testing;

import dev.kappa.model.Auction;
import dev.kappa.model.Event;
import dev.kappa.model.Person;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code new-sellers} against a plain-Java model of NEXMark Q8: the model {@code EveryPipelineTest}
 * holds the pipeline to, batch and streaming.
 */
public class NewSellersModel {
  public static final List<String> KEY = List.of("personId");
  public static final List<String> VALUES = List.of("name", "auctionId", "reserve");
  private static final long WINDOW_MS = 10_000;

  /** Per window and person, the auctions that person opened in the window of registering. */
  public static Map<String, List<String>> model(Path events) {
    Map<String, Person> persons = new HashMap<>();
    List<Auction> auctions = new ArrayList<>();
    for (Event event : Models.events(events)) {
      if (event.getPerson() != null) {
        Person person = event.getPerson();
        persons.put(
            person.getId() + "@" + Models.windowStart(person.getDateTime(), WINDOW_MS), person);
      } else if (event.getAuction() != null) {
        auctions.add(event.getAuction());
      }
    }
    Map<String, List<String>> answers = new TreeMap<>();
    for (Auction auction : auctions) {
      long start = Models.windowStart(auction.getDateTime(), WINDOW_MS);
      Person seller = persons.get(auction.getSeller() + "@" + start);
      if (seller != null) {
        answers
            .computeIfAbsent(
                Models.group("personId=" + seller.getId(), start, start + WINDOW_MS),
                g -> new ArrayList<>())
            .add(
                "name="
                    + seller.getName()
                    + " auctionId="
                    + auction.getId()
                    + " reserve="
                    + auction.getReserve());
      }
    }
    answers.values().forEach(rows -> rows.sort(null));
    return answers;
  }
}
