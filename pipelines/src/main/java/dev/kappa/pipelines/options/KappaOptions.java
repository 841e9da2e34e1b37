package dev.kappa.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** The options every Kappa pipeline takes: where records come from and where results go. */
public interface KappaOptions extends GeneratorOptions, KafkaOptions, ServingOptions {
  @Description(
      "Where records come from: 'generator' (seeded marketplace events), 'file:PATH' (JSON lines,"
          + " bounded; PATH may be a glob) or 'kafka:TOPIC' (live; replayed with 'kappa replay').")
  @Default.String("generator")
  String getSource();

  void setSource(String source);

  @Description(
      "Where results go: 'console' (a table, one row per result pane), 'jsonl:DIR' (JSON lines"
          + " files under DIR), 'jdbc:postgresql://HOST:PORT/DB?user=..' (upserted into table"
          + " PIPELINE_VERSION, read through view PIPELINE) or 'kafka:TOPIC' (JSON keyed by key and"
          + " window, to a compacted topic; exactly once on Flink with checkpoints).")
  @Default.String("console")
  String getSink();

  void setSink(String sink);

  @Description(
      "Where records that cannot be processed go: 'jsonl:DIR', 'stderr', 'kafka:TOPIC' or"
          + " 'jdbc:postgresql://...' (table dead_letters). Default: DIR/dead-letters for"
          + " --sink=jsonl:DIR, the same database for a jdbc: sink, stderr for the console.")
  @Default.String("")
  String getDeadLetters();

  void setDeadLetters(String deadLetters);

  @Description(
      "Generator: events per second of wall-clock time. A rate above 0 makes the generator a live"
          + " (unbounded) stream; 0 with --streaming=true streams as fast as possible.")
  @Default.Double(0)
  double getRate();

  void setRate(double rate);

  @Description(
      "How the summary printed on stderr when a run ends looks: 'text', or 'json' (one line, for"
          + " scripts; the README lists its fields).")
  @Default.String("text")
  String getSummary();

  void setSummary(String summary);

  @Description("Print progress (records read, records/s) every this many seconds; 0 turns it off.")
  @Default.Integer(5)
  int getProgressSeconds();

  void setProgressSeconds(int progressSeconds);
}
