package dev.kappa.bench;

import dev.kappa.codec.EventJson;
import dev.kappa.generator.EventGenerator;
import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.ProduceCommand;
import dev.kappa.model.Event;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The events of one live run, encoded before it starts so that the producer spends its CPU on
 * sending, not on generating: the generator's events at {@code rate} per second from {@code
 * firstEventTime}, so that event time follows the wall clock while they are sent at that rate.
 * Every {@link #SAMPLE_EVERY}-th bid is a latency sample: its auction's window and its ordinal
 * among that window's bids, so the served row that first counts that many bids includes it.
 */
final class LiveEvents {
  static final int SAMPLE_EVERY = 10;

  final GeneratorConfig config;
  final String[] keys;
  final byte[][] values;
  final long[] eventTimes;
  /** Per sample: the index of its event, its row key ({@code auction@windowStart}), its ordinal. */
  final int[] sampleEvent;
  final String[] sampleRow;
  final long[] sampleOrdinal;
  final int samples;

  private LiveEvents(GeneratorConfig config, long windowMs) {
    this.config = config;
    int n = Math.toIntExact(config.events());
    keys = new String[n];
    values = new byte[n][];
    eventTimes = new long[n];
    int samples = n / SAMPLE_EVERY + 1;
    sampleEvent = new int[samples];
    sampleRow = new String[samples];
    sampleOrdinal = new long[samples];
    EventGenerator generator = new EventGenerator(config);
    Map<String, Long> bidsPerRow = new HashMap<>();
    int bids = 0;
    int sampled = 0;
    for (int i = 0; i < n; i++) {
      Event event = generator.event(i);
      keys[i] = ProduceCommand.key(event);
      values[i] = EventJson.encode(event).getBytes(StandardCharsets.UTF_8);
      eventTimes[i] = event.dateTime();
      if (event.type() == Event.Type.BID) {
        long start = event.dateTime() - Math.floorMod(event.dateTime(), windowMs);
        String row = event.getBid().getAuction() + "@" + start;
        long ordinal = bidsPerRow.merge(row, 1L, Long::sum);
        if (bids++ % SAMPLE_EVERY == 0) {
          sampleEvent[sampled] = i;
          sampleRow[sampled] = row;
          sampleOrdinal[sampled] = ordinal;
          sampled++;
        }
      }
    }
    this.samples = sampled;
  }

  /** {@code rate * seconds} events whose event time starts at {@code firstEventTime}. */
  static LiveEvents of(long rate, long seconds, long firstEventTime, long windowMs) {
    return new LiveEvents(
        GeneratorConfig.builder()
            .events(rate * seconds)
            .eventsPerSecond(rate)
            .firstEventTime(firstEventTime)
            .build(),
        windowMs);
  }

  int size() {
    return values.length;
  }

  /** The events as a JSON lines file, for the pipeline's model. */
  void writeTo(Path file) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (byte[] value : values) {
        out.write(new String(value, StandardCharsets.UTF_8));
        out.newLine();
      }
    }
  }
}
