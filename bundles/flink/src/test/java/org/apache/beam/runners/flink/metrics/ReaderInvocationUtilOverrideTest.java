package org.apache.beam.runners.flink.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/**
 * Kappa's {@link ReaderInvocationUtil} (the bundle's override of Beam's) pushes a source's metrics
 * into Flink after start, after every {@value ReaderInvocationUtil#PUSH_EVERY_RECORDS}th record and
 * whenever the reader finds no record, so nothing is left unpushed at the end.
 */
class ReaderInvocationUtilOverrideTest {
  /** Counts the pushes into Flink. */
  private static final class CountingContainer extends FlinkMetricContainerWithoutAccumulator {
    int pushes;

    CountingContainer() {
      super(new UnregisteredMetricsGroup());
    }

    @Override
    void updateMetrics(String stepName) {
      pushes++;
      super.updateMetrics(stepName);
    }
  }

  /** A reader of {@code records} records. */
  private static final class CountingReader extends BoundedSource.BoundedReader<Long> {
    private final long records;
    private long current = -1;

    CountingReader(long records) {
      this.records = records;
    }

    @Override
    public boolean start() {
      return advance();
    }

    @Override
    public boolean advance() {
      current++;
      return current < records;
    }

    @Override
    public Long getCurrent() {
      if (current >= records) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public void close() {}

    @Override
    public BoundedSource<Long> getCurrentSource() {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void pushesAfterStart_everyThousandRecords_andAtTheEnd() throws IOException {
    CountingContainer container = new CountingContainer();
    ReaderInvocationUtil<Long, CountingReader> util =
        new ReaderInvocationUtil<>("Read", PipelineOptionsFactory.create(), container);
    CountingReader reader = new CountingReader(2_500);

    boolean more = util.invokeStart(reader);
    assertEquals(1, container.pushes);
    while (more) {
      more = util.invokeAdvance(reader);
    }
    // Records 1..2,499 come from advance: two full thousands, then the advance that found none.
    assertEquals(1 + 2 + 1, container.pushes);
  }
}
