package dev.kappa.testing;

import dev.kappa.model.Auction;
import dev.kappa.model.Event;
import dev.kappa.model.Person;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code local-sellers} against a plain-Java model of NEXMark Q3: the model {@code
 * EveryPipelineTest} holds the pipeline to, batch and streaming. The generated inputs span far less
 * event time than the state TTL, so the model is the plain join.
 */
public class LocalSellersModel {
  public static final List<String> VALUES = List.of("name", "city", "state", "auctionId");
  private static final Set<String> STATES = Set.of("OR", "ID", "CA");

  public static Map<String, List<String>> model(Path events) {
    Map<Long, Person> persons = new HashMap<>();
    List<Auction> auctions = new ArrayList<>();
    for (Event event : Models.events(events)) {
      if (event.getPerson() != null && STATES.contains(event.getPerson().getState())) {
        persons.put(event.getPerson().getId(), event.getPerson());
      } else if (event.getAuction() != null && event.getAuction().getCategory() == 10) {
        auctions.add(event.getAuction());
      }
    }
    List<String> rows = new ArrayList<>();
    for (Auction auction : auctions) {
      Person seller = persons.get(auction.getSeller());
      if (seller != null) {
        rows.add(
            "name="
                + seller.getName()
                + " city="
                + seller.getCity()
                + " state="
                + seller.getState()
                + " auctionId="
                + auction.getId());
      }
    }
    rows.sort(null);
    return Map.of("@global", rows);
  }
}
