package dev.kappa.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** How Kappa reads its log, Kafka: live from a consumer group, or replayed as a bounded batch. */
public interface KafkaOptions extends PipelineOptions {
  @Description("Kafka: the brokers to bootstrap from (host:port,...).")
  @Default.String("127.0.0.1:9092")
  String getBootstrapServers();

  void setBootstrapServers(String bootstrapServers);

  @Description(
      "Kafka live reads: how far (s) a record's event time may lag the newest one read from its"
          + " partition; the watermark is held back by this much.")
  @Default.Long(5)
  long getMaxOutOfOrdernessSeconds();

  void setMaxOutOfOrdernessSeconds(long maxOutOfOrdernessSeconds);

  @Description(
      "Kafka live reads: the consumer group whose committed offsets a live run resumes from"
          + " (offsets are committed when Beam finalizes a checkpoint). Default:"
          + " kappa-PIPELINE-VERSION, so a new --version starts from the earliest offset.")
  @Default.String("")
  String getConsumerGroup();

  void setConsumerGroup(String consumerGroup);

  @Description(
      "Read the Kafka topic as a bounded batch (a replay) instead of live; 'kappa replay' sets it.")
  @Default.Boolean(false)
  boolean getReplay();

  void setReplay(boolean replay);

  @Description(
      "Replay: where to start: 'earliest' (the whole history; refused when the topic has lost"
          + " its first records), 'retained' (what the topic still holds) or an ISO-8601 time (the"
          + " first record stamped at or after it; 'kappa produce' stamps records with their"
          + " event time).")
  @Default.String("earliest")
  String getFrom();

  void setFrom(String from);

  @Description(
      "Replay: where to stop, 'now' (the log end when the replay starts) or an ISO-8601 time"
          + " (exclusive).")
  @Default.String("now")
  String getTo();

  void setTo(String to);

  @Description(
      "Replay and reprocess: a folder 'kappa archive' writes (its TOPIC/manifest.json): the"
          + " records the topic no longer holds are read from it, the rest from the topic, so the"
          + " run covers the whole history. Empty: the topic alone.")
  @Default.String("")
  String getArchive();

  void setArchive(String archive);

  @Description(
      "Replay and reprocess: at most this many records per second read from the log (0: as fast"
          + " as it goes), split evenly over the job's parallel readers, so that a backfill on a"
          + " shared cluster leaves the cores to the live version.")
  @Default.Double(0)
  double getMaxRecordsPerSecond();

  void setMaxRecordsPerSecond(double maxRecordsPerSecond);
}
