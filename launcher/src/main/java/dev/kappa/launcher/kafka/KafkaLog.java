package dev.kappa.launcher.kafka;

import dev.kappa.pipelines.kafka.KafkaClients;
import dev.kappa.pipelines.kafka.PartitionRange;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The topic as a log: create it, and take the slice of it a replay reads ({@code [from, to)} per
 * partition, fixed when the replay starts, so a replay is a well-defined bounded input).
 */
public final class KafkaLog {
  /** How long a run waits at start for the broker to name a topic's partitions. */
  private static final Duration BROKER_ANSWER_TIMEOUT = Duration.ofSeconds(10);

  private static final Duration LEADER_WAIT = Duration.ofSeconds(30);

  /**
   * The client id of the launcher's own Kafka clients (checks, slices, lag, topic creation) ends in
   * a number, unique in the JVM as Kafka wants. log4j2.xml denies the clients' connection warnings
   * for these ids only: a check answers in one line of its own when no broker listens, while the
   * warnings of a job's own readers still show.
   */
  public static final String LAUNCHER_CLIENT_ID = "kappa-launcher-";

  private static final AtomicInteger launcherClients = new AtomicInteger();

  private final String bootstrapServers;

  public KafkaLog(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Creates {@code topic} with {@code partitions} partitions unless it exists; true if created. */
  public boolean ensureTopic(String topic, int partitions) {
    return ensureTopic(topic, partitions, Map.of("retention.ms", "-1"));
  }

  /**
   * Creates a compacted {@code topic} unless it exists (true if created): Kafka keeps the newest
   * record per key, as a results topic needs (its readers want the newest pane of each key).
   */
  public boolean ensureCompactedTopic(String topic, int partitions) {
    return ensureTopic(topic, partitions, Map.of("cleanup.policy", "compact"));
  }

  private boolean ensureTopic(String topic, int partitions, Map<String, String> configs) {
    try (Admin admin = admin()) {
      Map<String, String> all = new HashMap<>(configs);
      all.put("max.message.bytes", String.valueOf(KafkaClients.MAX_MESSAGE_BYTES));
      NewTopic newTopic = new NewTopic(topic, partitions, (short) 1).configs(all);
      admin.createTopics(List.of(newTopic)).all().get();
      awaitLeaders(topic);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw new IllegalStateException(
          "could not create topic '" + topic + "' on " + bootstrapServers + ": " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + topic, e);
    }
  }

  /**
   * Waits until every partition of a new topic is served by its leader (answers a list-offsets
   * request, which the consumer retries until then). A producer that writes earlier gets
   * NOT_LEADER_OR_FOLLOWER for its first batch while later in-flight batches succeed, and an
   * idempotent producer's retry of that first batch is then refused for ever with
   * OUT_OF_ORDER_SEQUENCE_NUMBER (seen here with Kafka 3.9.1, in CI).
   */
  private void awaitLeaders(String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = launcherConsumer()) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic, LEADER_WAIT)) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.endOffsets(partitions, LEADER_WAIT);
    }
  }

  /** A replay's start: the whole history, which the topic must still hold. */
  public static final String EARLIEST = "earliest";

  /** A replay's start: the first offset the topic still holds, whatever it has lost before. */
  public static final String RETAINED = "retained";

  /**
   * The offsets of {@code topic} between {@code from} ({@link #EARLIEST} or {@link #RETAINED}: both
   * the first retained offset; or an ISO time) and {@code to} ('now' or an ISO time), per
   * partition, ordered by partition.
   */
  public List<PartitionRange> slice(String topic, String from, String to) {
    try (KafkaConsumer<byte[], byte[]> consumer = launcherConsumer()) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Map<TopicPartition, Long> starts =
          from.equals(EARLIEST) || from.equals(RETAINED)
              ? beginning
              : offsetsAt(consumer, partitions, parse(from), end);
      Map<TopicPartition, Long> ends =
          to.equals("now") ? end : offsetsAt(consumer, partitions, parse(to), end);
      List<PartitionRange> ranges = new ArrayList<>();
      for (TopicPartition tp : partitions) {
        long start = Math.max(starts.get(tp), beginning.get(tp));
        ranges.add(new PartitionRange(topic, tp.partition(), start, Math.max(start, ends.get(tp))));
      }
      return ranges;
    }
  }

  /**
   * Refuses a topic that does not exist: a live job would otherwise fail over and over on a
   * cluster, far from the command that started it.
   */
  public void requireTopic(String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = launcherConsumer()) {
      partitions(consumer, topic);
    }
  }

  private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    List<PartitionInfo> infos;
    try {
      // The client's own default waits 60 s, silently, when nothing listens at the address.
      infos = consumer.partitionsFor(topic, BROKER_ANSWER_TIMEOUT);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new IllegalArgumentException(
          "no Kafka broker answers at "
              + bootstrapServers
              + " within "
              + BROKER_ANSWER_TIMEOUT.toSeconds()
              + " s (start one with"
              + " 'runners-config/local/kafka start', or give --bootstrapServers=HOST:PORT)");
    }
    if (infos == null || infos.isEmpty()) {
      throw new IllegalArgumentException(
          "topic '"
              + topic
              + "' does not exist on "
              + bootstrapServers
              + " (create it, for example with 'kappa produce --topic="
              + topic
              + "')");
    }
    List<TopicPartition> partitions = new ArrayList<>();
    infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
    partitions.sort(Comparator.comparingInt(TopicPartition::partition));
    return partitions;
  }

  /** One partition as a consumer group has read it: its log end, its committed offset if any. */
  public record PartitionLag(int partition, long logEnd, OptionalLong committed, long lag) {}

  /**
   * How far consumer group {@code group} is behind on each partition of {@code topic}: the log end
   * offset minus its committed offset (minus the first retained offset if it has committed none,
   * since it would start there). A live Kappa job commits when a checkpoint completes, so this
   * trails what it has read by up to one checkpoint.
   */
  public List<PartitionLag> lag(String group, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = launcherConsumer()) {
      // The partitions first: that call gives up quickly on a broker that does not answer.
      List<TopicPartition> partitions = partitions(consumer, topic);
      Map<TopicPartition, Long> committed = committedOffsets(group, topic);
      Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<PartitionLag> lags = new ArrayList<>();
      for (TopicPartition tp : partitions) {
        Long offset = committed.get(tp);
        long from = offset != null ? Math.max(offset, beginning.get(tp)) : beginning.get(tp);
        lags.add(
            new PartitionLag(
                tp.partition(),
                end.get(tp),
                offset != null ? OptionalLong.of(offset) : OptionalLong.empty(),
                Math.max(0, end.get(tp) - from)));
      }
      return lags;
    }
  }

  /** Whether consumer group {@code group} has committed offsets on {@code topic} (it read it). */
  public boolean hasCommittedOffsets(String group, String topic) {
    return !committedOffsets(group, topic).isEmpty();
  }

  /**
   * How many records of {@code topic} consumer group {@code group} has committed as read: per
   * partition, its committed offset minus the partition's first retained offset.
   */
  public long committedRecords(String group, String topic) {
    Map<TopicPartition, Long> committed = committedOffsets(group, topic);
    if (committed.isEmpty()) {
      return 0;
    }
    try (KafkaConsumer<byte[], byte[]> consumer = launcherConsumer()) {
      Map<TopicPartition, Long> beginning = consumer.beginningOffsets(committed.keySet());
      return committed.entrySet().stream()
          .mapToLong(entry -> Math.max(0, entry.getValue() - beginning.get(entry.getKey())))
          .sum();
    }
  }

  /**
   * The offsets consumer group {@code group} has committed on {@code topic}, by partition (the next
   * offset it would read); partitions it committed nothing on are absent.
   */
  public Map<Integer, Long> committedByPartition(String group, String topic) {
    Map<Integer, Long> byPartition = new HashMap<>();
    committedOffsets(group, topic).forEach((tp, offset) -> byPartition.put(tp.partition(), offset));
    return byPartition;
  }

  private Map<TopicPartition, Long> committedOffsets(String group, String topic) {
    try (Admin admin = admin()) {
      Map<TopicPartition, Long> offsets = new HashMap<>();
      admin
          .listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata()
          .get()
          .forEach(
              (partition, offset) -> {
                if (partition.topic().equals(topic) && offset != null) {
                  offsets.put(partition, offset.offset());
                }
              });
      return offsets;
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not read the offsets of group " + group, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading group offsets", e);
    }
  }

  private static Map<TopicPartition, Long> offsetsAt(
      KafkaConsumer<byte[], byte[]> consumer,
      List<TopicPartition> partitions,
      Instant time,
      Map<TopicPartition, Long> end) {
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(tp -> query.put(tp, time.toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (TopicPartition tp : partitions) {
      OffsetAndTimestamp at = found.get(tp);
      // No record stamped at or after the time: the whole partition lies before it.
      offsets.put(tp, at == null ? end.get(tp) : at.offset());
    }
    return offsets;
  }

  private static Instant parse(String time) {
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "expected 'earliest', 'retained', 'now' or an ISO-8601 time like 2026-01-01T00:00:00Z,"
              + " got '"
              + time
              + "'");
    }
  }

  private Admin admin() {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, nextLauncherClientId());
    return Admin.create(config);
  }

  private KafkaConsumer<byte[], byte[]> launcherConsumer() {
    return KafkaClients.consumer(bootstrapServers, Optional.of(nextLauncherClientId()));
  }

  private static String nextLauncherClientId() {
    return LAUNCHER_CLIENT_ID + launcherClients.incrementAndGet();
  }
}
