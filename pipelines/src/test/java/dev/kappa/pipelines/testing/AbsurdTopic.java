package dev.kappa.pipelines.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.LauncherRuns;
import dev.kappa.pipelines.AuctionStatsPipelineTest;
import dev.kappa.pipelines.kafka.KafkaLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A topic of 50,000 records of which one in twenty is bad, in every way the decoder knows and some
 * no producer of ours writes (JSON nested 5,000 deep, 10 MB records, bytes that are not UTF-8, a
 * number larger than a long, a field given twice, a null value, an empty key), replayed: the
 * counters balance, every bad record is a dead letter with its reason and its offset, and the
 * results equal the model's over the good records alone. Shared by the Direct and the embedded
 * Flink tests; {@code runner} is the arguments that choose the runner.
 */
public final class AbsurdTopic {
  private static final int RECORDS = 50_000;
  private static final int EVERY = 20;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GOOD_BID = "{\"type\":\"bid\",\"auction\":1000,\"bidder\":1,"
      + "\"price\":5,\"channel\":\"c\",\"url\":\"u\",\"dateTime\":1767225600000,\"extra\":\"\"}";

  /** The bad records, used in turn (null: a record without a value); then three of 10 MB. */
  private static final List<byte[]> BAD = Arrays.asList(
      bytes("{oops"),
      bytes("{\"type\":\"refund\"}"),
      bytes("{\"type\":\"bid\",\"auction\":1}"),
      bytes(GOOD_BID.replace("\"price\":5", "\"price\":-5")),
      bytes(GOOD_BID.replace("1767225600000", "99999999999999")),
      bytes(GOOD_BID.replace("\"extra\":\"\"",
          "\"extra\":" + "[".repeat(5_000) + "]".repeat(5_000))),
      bytes(GOOD_BID.replace("\"price\":5", "\"price\":123456789012345678901234567890")),
      bytes(GOOD_BID.replace("\"price\":5", "\"price\":5,\"price\":6")),
      bytes(""),
      bytes("null"),
      null,
      notUtf8(),
      bytes(GOOD_BID.replace("\"extra\":\"\"", "\"extra\":\"" + "x".repeat(2_000_000) + "\"")));
  private static final byte[] TEN_MB =
      bytes(GOOD_BID.replace("\"extra\":\"\"", "\"extra\":\"" + "y".repeat(10 << 20) + "\""));

  private AbsurdTopic() {}

  /** Produces topic {@code topic} and replays it with {@code runner}; {@code dir} holds files. */
  public static void replayedGivesTheGoodRecordsAnswers(Path dir, String topic, String runner)
      throws Exception {
    Path good = EventFiles.write(dir.resolve("good.jsonl"),
        GeneratorConfig.builder().events(RECORDS - RECORDS / EVERY).seed(13).build());
    int bad = produce(topic, Files.readAllLines(good));
    Path results = dir.resolve("results");

    String summary = LauncherRuns.command("replay", "auction-stats", runner,
        "--source=kafka:" + topic, "--bootstrapServers=" + LocalKafka.bootstrapServers(),
        "--sink=jsonl:" + results, "--progressSeconds=0", "--summary=json");

    JsonNode counts = JSON.readTree(summary.lines().reduce((a, b) -> b).orElseThrow());
    JsonNode decoded = counts.get("decoded");
    assertEquals(RECORDS, counts.get("recordsRead").asLong());
    assertEquals(bad, counts.get("deadLetters").asLong());
    assertEquals(RECORDS, decoded.get("persons").asLong() + decoded.get("auctions").asLong()
        + decoded.get("bids").asLong() + counts.get("deadLetters").asLong());
    List<JsonNode> letters = Panes.rows(results.resolve("dead-letters"), "dead-letters");
    assertEquals(bad, letters.size());
    Set<String> origins = new HashSet<>();
    for (JsonNode letter : letters) {
      assertTrue(letter.get("origin").asText().matches("kafka:" + topic + "/\\d+@\\d+"),
          letter.toString());
      assertFalse(letter.get("reason").asText().isBlank(), letter.toString());
      origins.add(letter.get("origin").asText());
    }
    assertEquals(bad, origins.size(), "each bad record once, at its own offset");
    assertEquals(AuctionStatsPipelineTest.model(good),
        Panes.lastPanes(results, AuctionStatsPipelineTest.KEY, AuctionStatsPipelineTest.VALUES));
  }

  /** The good lines with a bad record after every 19; returns how many bad ones. */
  private static int produce(String topic, List<String> goodLines) throws Exception {
    new KafkaLog(LocalKafka.bootstrapServers()).ensureTopic(topic, 4);
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalKafka.bootstrapServers());
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(KafkaLog.MAX_MESSAGE_BYTES));
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64 << 20));
    int bad = 0;
    int next = 0;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < RECORDS; i++) {
        boolean isBad = i % EVERY == EVERY - 1;
        byte[] value = !isBad ? bytes(goodLines.get(next++))
            : bad < 3 ? TEN_MB : BAD.get(bad % BAD.size());
        byte[] key = isBad && bad % 2 == 0 ? new byte[0] : null;
        producer.send(new ProducerRecord<>(topic, key, value)).get();
        bad += isBad ? 1 : 0;
      }
    }
    return bad;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] notUtf8() {
    byte[] value = bytes(GOOD_BID.replace("\"c\"", "\"cX\""));
    value[GOOD_BID.indexOf("\"c\"") + 2] = (byte) 0xFF;
    return value;
  }
}
