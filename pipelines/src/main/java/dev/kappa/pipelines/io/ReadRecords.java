package dev.kappa.pipelines.io;

import dev.kappa.generator.GenerateEvents;
import dev.kappa.generator.GeneratorConfig;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/** The source edge: raw wire-format records, from the generator or from JSON lines files. */
public final class ReadRecords extends PTransform<PBegin, PCollection<String>> {
  private final PTransform<PBegin, PCollection<String>> read;
  private final String description;
  private final boolean live;

  private ReadRecords(
      PTransform<PBegin, PCollection<String>> read, String description, boolean live) {
    this.read = read;
    this.description = description;
    this.live = live;
  }

  /** {@code events} generated events as a batch input. */
  public static ReadRecords generator(GeneratorConfig config) {
    return new ReadRecords(
        GenerateEvents.bounded(config),
        "generator: " + config.events() + " events, seed " + config.seed(),
        false);
  }

  /** A live generated stream at {@code ratePerSecond} (0: as fast as possible). */
  public static ReadRecords liveGenerator(GeneratorConfig config, double ratePerSecond) {
    String end = config.events() == 0 ? "no end" : config.events() + " events";
    String rate = ratePerSecond > 0 ? ratePerSecond + " events/s" : "as fast as possible";
    return new ReadRecords(
        GenerateEvents.unbounded(config, ratePerSecond),
        "live generator: " + rate + ", " + end + ", seed " + config.seed(),
        true);
  }

  /** JSON lines files; {@code path} may be a glob. */
  public static ReadRecords file(String path) {
    return new ReadRecords(TextIO.read().from(path), "file: " + path, false);
  }

  /** Whether this source is an unbounded stream (a live run) rather than a bounded input. */
  public boolean isLive() {
    return live;
  }

  /** What this source reads, for the run summary. */
  public String description() {
    return description;
  }

  @Override
  public PCollection<String> expand(PBegin input) {
    return input.apply("Read", read);
  }
}
