package dev.kappa.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.pipelines.kafka.KafkaClients;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A topic of good events with one bad record after every {@value #EVERY} - 1 good ones, bad in
 * every way the decoder knows and some no producer of ours writes: JSON nested 5,000 deep, 10 MB
 * and 2 MB records, bytes that are not UTF-8, a number larger than a long, a field given twice, a
 * null value, an empty key. The records too large for any event are a fixed few (three of 10 MB,
 * one 2 MB in each of the first hundred rounds of the mix), so a larger topic is more of the same
 * mix, not mostly padding. Used by the absurd-input tests (50,000 records) and by {@code kappa
 * bench}'s garbage replay (1,000,000).
 */
public final class AbsurdRecords {
  /** One record in this many is bad. */
  public static final int EVERY = 20;

  private static final String GOOD_BID =
      "{\"type\":\"bid\",\"auction\":1000,\"bidder\":1,"
          + "\"price\":5,\"channel\":\"c\",\"url\":\"u\",\"dateTime\":1767225600000,\"extra\":\"\"}";
  private static final byte[] TEN_MB =
      bytes(GOOD_BID.replace("\"extra\":\"\"", "\"extra\":\"" + "y".repeat(10 << 20) + "\""));
  private static final byte[] TWO_MB =
      bytes(GOOD_BID.replace("\"extra\":\"\"", "\"extra\":\"" + "x".repeat(2_000_000) + "\""));

  /** The small bad records, used in turn (null: a record without a value). */
  private static final List<byte[]> SMALL =
      Arrays.asList(
          bytes("{oops"),
          bytes("{\"type\":\"refund\"}"),
          bytes("{\"type\":\"bid\",\"auction\":1}"),
          bytes(GOOD_BID.replace("\"price\":5", "\"price\":-5")),
          bytes(GOOD_BID.replace("1767225600000", "99999999999999")),
          bytes(
              GOOD_BID.replace(
                  "\"extra\":\"\"", "\"extra\":" + "[".repeat(5_000) + "]".repeat(5_000))),
          bytes(GOOD_BID.replace("\"price\":5", "\"price\":123456789012345678901234567890")),
          bytes(GOOD_BID.replace("\"price\":5", "\"price\":5,\"price\":6")),
          bytes(""),
          bytes("null"),
          null,
          notUtf8());

  private static final int TWO_MB_ROUNDS = 100;

  /** The partitions of a topic {@link #produce} writes to: it spreads records over all four. */
  public static final int PARTITIONS = 4;

  private static final ObjectMapper JSON = new ObjectMapper();

  private AbsurdRecords() {}

  /**
   * Produces {@code goodLines} to {@code topic} (made beforehand with {@value #PARTITIONS}
   * partitions, and Kafka's largest message size), with a bad record after every {@value #EVERY} -
   * 1 of them if {@code withBadRecords}; returns how many bad ones.
   */
  public static int produce(
      String bootstrapServers, String topic, List<String> goodLines, boolean withBadRecords) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(KafkaClients.MAX_MESSAGE_BYTES));
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64 << 20));
    config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    AtomicReference<Exception> refused = new AtomicReference<>();
    int bad = 0;
    int sent = 0;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      // Round robin over the partitions, so a topic with bad records and one without are laid
      // out alike and a replay's readers get equal shares of either.
      for (int good = 0; good < goodLines.size(); good++) {
        send(
            producer,
            new ProducerRecord<>(topic, sent++ % PARTITIONS, null, bytes(goodLines.get(good))),
            refused);
        if (withBadRecords && good % (EVERY - 1) == EVERY - 2) {
          send(
              producer,
              new ProducerRecord<>(
                  topic, sent++ % PARTITIONS, bad % 2 == 0 ? new byte[0] : null, badValue(bad)),
              refused);
          bad++;
        }
      }
      producer.flush();
    }
    if (refused.get() != null) {
      throw new IllegalStateException("the broker refused a record of " + topic, refused.get());
    }
    return bad;
  }

  private static void send(
      KafkaProducer<byte[], byte[]> producer,
      ProducerRecord<byte[], byte[]> record,
      AtomicReference<Exception> refused) {
    producer.send(
        record,
        (metadata, e) -> {
          if (e != null) {
            refused.compareAndSet(null, e);
          }
        });
  }

  /** The {@code b}-th bad record: three of 10 MB first, then the mix in turn. */
  private static byte[] badValue(int b) {
    if (b < 3) {
      return TEN_MB;
    }
    int kind = b % (SMALL.size() + 1);
    if (kind < SMALL.size()) {
      return SMALL.get(kind);
    }
    return b < TWO_MB_ROUNDS * (SMALL.size() + 1) ? TWO_MB : SMALL.get(b % SMALL.size());
  }

  /**
   * What is wrong with a replay of such a topic, nothing if it is right: its {@code --summary=json}
   * line, its results and dead letters under {@code results} ({@code --sink=jsonl:}), the topic's
   * {@code records} and {@code bad} records, and the good events as {@code goodFile}. The counters
   * balance (read = decoded + dead letters), each bad record is one dead letter with a reason and
   * its own offset, and the results are the model's over the good records alone.
   */
  public static List<String> replayProblems(
      String summaryLine, Path results, String topic, long records, long bad, Path goodFile)
      throws IOException {
    List<String> problems = new ArrayList<>();
    JsonNode counts = JSON.readTree(summaryLine);
    JsonNode decoded = counts.get("decoded");
    long decodedTotal =
        decoded.get("persons").asLong()
            + decoded.get("auctions").asLong()
            + decoded.get("bids").asLong();
    expect(problems, "records read", records, counts.get("recordsRead").asLong());
    expect(problems, "dead letters counted", bad, counts.get("deadLetters").asLong());
    expect(
        problems,
        "decoded + dead letters",
        records,
        decodedTotal + counts.get("deadLetters").asLong());
    Path deadLetters = results.resolve("dead-letters");
    List<JsonNode> letters =
        Files.isDirectory(deadLetters) ? Panes.rows(deadLetters, "dead-letters") : List.of();
    expect(problems, "dead letters written", bad, letters.size());
    Set<String> origins = new HashSet<>();
    for (JsonNode letter : letters) {
      if (!letter.get("origin").asText().matches("kafka:" + topic + "/\\d+@\\d+")
          || letter.get("reason").asText().isBlank()) {
        problems.add("a dead letter without its position or reason: " + letter);
        break;
      }
      origins.add(letter.get("origin").asText());
    }
    expect(problems, "dead letters at distinct offsets", bad, origins.size());
    if (!AuctionStatsModel.model(goodFile)
        .equals(Panes.lastPanes(results, AuctionStatsModel.KEY, AuctionStatsModel.VALUES))) {
      problems.add("the results are not the model's over the good records");
    }
    return problems;
  }

  private static void expect(List<String> problems, String what, long expected, long actual) {
    if (expected != actual) {
      problems.add(what + ": " + actual + ", expected " + expected);
    }
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
