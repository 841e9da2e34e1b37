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
import java.util.List;
import java.util.Map;

/**
 * The events of one live run, encoded before it starts so that the producer spends its CPU on
 * sending, not on generating: one or more phases, each the generator's events at its rate per
 * second, back to back from {@code firstEventTime}, so that event time follows the wall clock while
 * they are sent on the same schedule ({@link #sendOffsetNanos}). Every {@link #SAMPLE_EVERY}-th bid
 * is a latency sample: its auction's window and its ordinal among that window's bids, so the served
 * row that first counts that many bids includes it.
 */
final class LiveEvents {
  static final int SAMPLE_EVERY = 10;

  /** {@code rate} events per second for {@code seconds}. */
  record Phase(long rate, long seconds) {
    Phase {
      if (rate <= 0 || seconds <= 0) {
        throw new IllegalArgumentException(
            "a phase needs a positive rate and length, got " + rate + "/s for " + seconds + " s");
      }
    }

    long events() {
      return rate * seconds;
    }
  }

  final List<Phase> phases;
  final String[] keys;
  final byte[][] values;
  final long[] eventTimes;

  /** Per sample: the index of its event, its row key ({@code auction@windowStart}), its ordinal. */
  final int[] sampleEvent;

  final String[] sampleRow;
  final long[] sampleOrdinal;
  final int samples;

  private LiveEvents(List<Phase> phases, long firstEventTime, long windowMs) {
    this.phases = List.copyOf(phases);
    int n = Math.toIntExact(phases.stream().mapToLong(Phase::events).sum());
    keys = new String[n];
    values = new byte[n][];
    eventTimes = new long[n];
    int samples = n / SAMPLE_EVERY + 1;
    sampleEvent = new int[samples];
    sampleRow = new String[samples];
    sampleOrdinal = new long[samples];
    Map<String, Long> bidsPerRow = new HashMap<>();
    int bids = 0;
    int sampled = 0;
    int i = 0;
    long phaseStart = firstEventTime;
    for (int p = 0; p < phases.size(); p++) {
      Phase phase = phases.get(p);
      // Each phase is a generator of its own (seed 42, 43, ...) whose clock starts where the
      // previous phase's ended.
      EventGenerator generator =
          new EventGenerator(
              GeneratorConfig.builder()
                  .seed(42 + p)
                  .events(phase.events())
                  .eventsPerSecond(phase.rate())
                  .firstEventTime(phaseStart)
                  .build());
      for (long j = 0; j < phase.events(); j++, i++) {
        Event event = generator.event(j);
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
      phaseStart += phase.seconds() * 1000;
    }
    this.samples = sampled;
  }

  /** {@code rate * seconds} events whose event time starts at {@code firstEventTime}. */
  static LiveEvents of(long rate, long seconds, long firstEventTime, long windowMs) {
    return phased(List.of(new Phase(rate, seconds)), firstEventTime, windowMs);
  }

  /** The phases' events back to back, the first one's event time from {@code firstEventTime}. */
  static LiveEvents phased(List<Phase> phases, long firstEventTime, long windowMs) {
    return new LiveEvents(phases, firstEventTime, windowMs);
  }

  /** When event {@code i} is due, in ns after the first: its phase's start plus its place in it. */
  long sendOffsetNanos(int i) {
    long first = 0;
    long phaseStartNanos = 0;
    for (Phase phase : phases) {
      if (i < first + phase.events()) {
        return phaseStartNanos + (long) ((i - first) * 1e9 / phase.rate());
      }
      first += phase.events();
      phaseStartNanos += phase.seconds() * 1_000_000_000L;
    }
    throw new IndexOutOfBoundsException("no event " + i + " in " + size());
  }

  /** How many events are due by {@code offsetMillis} after the first. */
  long dueBy(long offsetMillis) {
    long due = 0;
    long phaseStartMillis = 0;
    for (Phase phase : phases) {
      long into = Math.min(phase.seconds() * 1000, Math.max(0, offsetMillis - phaseStartMillis));
      due += Math.min(phase.events(), into * phase.rate() / 1000 + (into > 0 ? 1 : 0));
      phaseStartMillis += phase.seconds() * 1000;
    }
    return Math.min(due, size());
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
