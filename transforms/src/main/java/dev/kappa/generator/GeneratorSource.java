package dev.kappa.generator;

import dev.kappa.codec.EventJson;
import dev.kappa.model.Event;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DelegateCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The generator as an unbounded source: JSON lines stamped with their event time, a watermark that
 * trails delivery by the configured out-of-orderness (so late events really are late), an optional
 * wall-clock rate, and an optional end after which the watermark jumps to the end of time and a
 * streaming job finishes. Split {@code n} ways, split {@code k} reads indexes {@code k, k+n, ...}.
 */
final class GeneratorSource extends UnboundedSource<String, GeneratorSource.Checkpoint> {
  private static final long serialVersionUID = 1L;

  private final EventGenerator generator;
  private final long firstIndex;
  private final long stride;

  /** Events per second of wall-clock time for this split; 0 means as fast as possible. */
  private final double ratePerSecond;

  GeneratorSource(EventGenerator generator, double ratePerSecond) {
    this(generator, 0, 1, ratePerSecond);
  }

  private GeneratorSource(
      EventGenerator generator, long firstIndex, long stride, double ratePerSecond) {
    this.generator = generator;
    this.firstIndex = firstIndex;
    this.stride = stride;
    this.ratePerSecond = ratePerSecond;
  }

  @Override
  public List<GeneratorSource> split(int desiredNumSplits, PipelineOptions options) {
    int splits = Math.max(1, desiredNumSplits);
    List<GeneratorSource> sources = new ArrayList<>(splits);
    for (int k = 0; k < splits; k++) {
      sources.add(
          new GeneratorSource(
              generator, firstIndex + k * stride, stride * splits, ratePerSecond / splits));
    }
    return sources;
  }

  @Override
  public UnboundedReader<String> createReader(
      PipelineOptions options, @Nullable Checkpoint checkpoint) {
    return new Reader(this, checkpoint == null ? firstIndex : checkpoint.nextIndex);
  }

  @Override
  public Coder<Checkpoint> getCheckpointMarkCoder() {
    return DelegateCoder.of(VarLongCoder.of(), c -> c.nextIndex, Checkpoint::new);
  }

  @Override
  public Coder<String> getOutputCoder() {
    return StringUtf8Coder.of();
  }

  /** Where a split resumes: the next index it will deliver. */
  static final class Checkpoint implements UnboundedSource.CheckpointMark, Serializable {
    private static final long serialVersionUID = 1L;
    final long nextIndex;

    Checkpoint(long nextIndex) {
      this.nextIndex = nextIndex;
    }

    @Override
    public void finalizeCheckpoint() {
      // Nothing to acknowledge: the generator recomputes any index on demand.
    }
  }

  private static final class Reader extends UnboundedReader<String> {
    private final GeneratorSource source;
    private final long limit;
    private long nextIndex;
    private long startedAtMillis;
    private long deliveredSinceStart;
    private @Nullable String current;
    private long currentTimestamp;

    Reader(GeneratorSource source, long nextIndex) {
      this.source = source;
      this.nextIndex = nextIndex;
      long events = source.generator.config().events();
      this.limit = events == 0 ? Long.MAX_VALUE : events;
    }

    @Override
    public boolean start() {
      startedAtMillis = System.currentTimeMillis();
      return advance();
    }

    @Override
    public boolean advance() {
      if (nextIndex >= limit || aheadOfRate()) {
        current = null;
        return false;
      }
      Event event = source.generator.event(nextIndex);
      current = EventJson.encode(event);
      currentTimestamp = event.dateTime();
      nextIndex += source.stride;
      deliveredSinceStart++;
      return true;
    }

    private boolean aheadOfRate() {
      if (source.ratePerSecond <= 0) {
        return false;
      }
      double allowed =
          (System.currentTimeMillis() - startedAtMillis) / 1000.0 * source.ratePerSecond;
      return deliveredSinceStart >= allowed;
    }

    @Override
    public String getCurrent() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public Instant getCurrentTimestamp() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return new Instant(currentTimestamp);
    }

    @Override
    public Instant getWatermark() {
      if (nextIndex >= limit) {
        return BoundedWindow.TIMESTAMP_MAX_VALUE;
      }
      return new Instant(source.generator.watermarkBefore(nextIndex));
    }

    @Override
    public Checkpoint getCheckpointMark() {
      return new Checkpoint(nextIndex);
    }

    @Override
    public GeneratorSource getCurrentSource() {
      return source;
    }

    @Override
    public void close() {}
  }
}
