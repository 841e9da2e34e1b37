package dev.kappa.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.LauncherRuns;
import dev.kappa.model.Auction;
import dev.kappa.model.Event;
import dev.kappa.model.Person;
import dev.kappa.pipelines.testing.EventFiles;
import dev.kappa.pipelines.testing.Models;
import dev.kappa.pipelines.testing.Panes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code local-sellers} against a plain-Java model of NEXMark Q3, batch and live, on Direct. The
 * generated inputs span far less event time than the state TTL, so the model is the plain join.
 */
public class LocalSellersPipelineTest {
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
            "name=" + seller.getName() + " city=" + seller.getCity() + " state="
                + seller.getState() + " auctionId=" + auction.getId());
      }
    }
    rows.sort(null);
    return Map.of("@global", rows);
  }

  @Test
  void batchResultsEqualTheModel(@TempDir Path dir) throws Exception {
    Path events =
        EventFiles.write(dir.resolve("events.jsonl"), GeneratorConfig.builder().events(20_000).build());

    LauncherRuns.run("local-sellers", dir.resolve("out"), "--source=file:" + events);

    Map<String, List<String>> expected = model(events);
    assertTrue(expected.get("@global").size() > 100, "joins found: " + expected);
    assertEquals(expected, Panes.lastPanes(dir.resolve("out"), List.of(), VALUES));
  }

  @Test
  void liveResultsEqualTheModelOfTheSameEvents(@TempDir Path dir) throws Exception {
    GeneratorConfig config = GeneratorConfig.builder().events(20_000).seed(23).build();
    Path events = EventFiles.write(dir.resolve("events.jsonl"), config);

    LauncherRuns.run(
        "local-sellers", dir.resolve("out"), "--streaming=true", "--events=20000", "--seed=23");

    assertEquals(model(events), Panes.lastPanes(dir.resolve("out"), List.of(), VALUES));
  }
}
