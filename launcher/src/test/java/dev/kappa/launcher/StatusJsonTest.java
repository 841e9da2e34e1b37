package dev.kappa.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.launcher.kafka.KafkaLog.PartitionLag;
import dev.kappa.launcher.serving.ServingStatus.PipelineState;
import dev.kappa.launcher.serving.ServingStatus.VersionState;
import dev.kappa.launcher.serving.SwitchLog;
import dev.kappa.pipelines.kafka.PartitionRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@code kappa status --json}: the fields the README documents, in its order, nulls kept. */
class StatusJsonTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  @Test
  void aDocument_hasTheDocumentedFieldsInOrder() throws Exception {
    VersionState v1 =
        new VersionState(
            "v1",
            "auction_stats_v1",
            false,
            10,
            Optional.of(NOW.minusSeconds(5)),
            Optional.of(NOW.minusSeconds(30)),
            2,
            1,
            1);
    VersionState v2 =
        new VersionState(
            "v2", "auction_stats_v2", true, 12, Optional.empty(), Optional.empty(), 0, 0, 0);
    SwitchLog.Switch away =
        new SwitchLog.Switch(
            "auction-stats",
            Optional.of("auction_stats_v1"),
            "auction_stats_v2",
            NOW.minusSeconds(60),
            "reprocess",
            Optional.of(NOW.plusSeconds(3600)));
    PipelineStatus pipeline =
        new PipelineStatus(
            new PipelineState(
                "auction-stats",
                "auction_stats",
                Optional.of("auction_stats_v2"),
                List.of(v2, v1),
                List.of(away)),
            List.of(
                new VersionStatus(v2, "g2", Optional.empty(), Optional.empty()),
                new VersionStatus(
                    v1,
                    "g1",
                    Optional.of(List.of(new PartitionLag(0, 40, OptionalLong.empty(), 40))),
                    Optional.of(new FlinkRest.Job("ab12", "RUNNING", 61_000, Optional.empty())))));

    JsonNode doc =
        new ObjectMapper()
            .readTree(
                StatusJson.render(
                    "jdbc:postgresql://h/db",
                    Optional.of("bids"),
                    List.of(pipeline),
                    Optional.of(
                        new LogReach(
                            "bids",
                            List.of(
                                new PartitionRange("bids", 0, 0, 40),
                                new PartitionRange("bids", 1, 25, 60)),
                            Optional.of(
                                new LogReach.Archive(
                                    "/archive", List.of(new PartitionRange("bids", 1, 0, 10)))))),
                    List.of("a problem"),
                    NOW));

    assertEquals(
        List.of("database", "checkedAt", "healthy", "problems", "pipelines", "log"), fields(doc));
    assertEquals(List.of("topic", "recordsGone", "partitions", "archive"), fields(doc.get("log")));
    assertEquals(15, doc.get("log").get("recordsGone").asLong()); // [10, 25) in neither
    assertEquals(List.of("folder", "records", "partitions"), fields(doc.get("log").get("archive")));
    assertEquals(10, doc.get("log").get("archive").get("records").asLong());
    assertEquals(
        List.of("partition", "firstOffset", "logEnd"),
        fields(doc.get("log").get("partitions").get(1)));
    assertEquals(25, doc.get("log").get("partitions").get(1).get("firstOffset").asLong());
    assertEquals(false, doc.get("healthy").asBoolean());
    JsonNode p = doc.get("pipelines").get(0);
    assertEquals(List.of("pipeline", "view", "servingTable", "versions", "switches"), fields(p));
    JsonNode served = p.get("versions").get(0);
    assertEquals(
        List.of(
            "version",
            "table",
            "serving",
            "role",
            "retainedUntil",
            "rows",
            "lastWrite",
            "eventTimeReached",
            "freshnessSeconds",
            "deadLetters",
            "deadLettersLastHour",
            "tooLate",
            "consumerGroup",
            "lag",
            "job"),
        fields(served));
    assertEquals("serving", served.get("role").asText());
    assertEquals(true, served.get("freshnessSeconds").isNull());
    assertEquals(true, served.get("lag").isNull());
    assertEquals(true, served.get("job").isNull());
    JsonNode retained = p.get("versions").get(1);
    assertEquals("retained", retained.get("role").asText());
    assertEquals(NOW.plusSeconds(3600).toString(), retained.get("retainedUntil").asText());
    assertEquals(30, retained.get("freshnessSeconds").asLong());
    assertEquals(List.of("topic", "records", "partitions"), fields(retained.get("lag")));
    assertEquals(
        List.of("partition", "logEnd", "committed", "lag"),
        fields(retained.get("lag").get("partitions").get(0)));
    assertEquals(true, retained.get("lag").get("partitions").get(0).get("committed").isNull());
    assertEquals(
        List.of("id", "state", "uptimeSeconds", "lastCheckpoint"), fields(retained.get("job")));
    assertEquals(61, retained.get("job").get("uptimeSeconds").asLong());
    assertEquals(List.of("from", "to", "at", "reason"), fields(p.get("switches").get(0)));
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
