package dev.kappa.transforms;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Count, maximum and total of a group of prices, mutable as Beam accumulators may be, with the
 * combiner that builds it ({@code auction-stats}, {@code category-prices}) and its coder.
 */
final class PriceSummary {
  long count;
  long max;
  long total;

  static final class SummarizePricesFn extends Combine.CombineFn<Long, PriceSummary, PriceSummary> {
    @Override
    public PriceSummary createAccumulator() {
      return new PriceSummary();
    }

    @Override
    public PriceSummary addInput(PriceSummary summary, Long price) {
      summary.count++;
      summary.max = Math.max(summary.max, price);
      summary.total += price;
      return summary;
    }

    @Override
    public PriceSummary mergeAccumulators(Iterable<PriceSummary> summaries) {
      PriceSummary merged = new PriceSummary();
      for (PriceSummary summary : summaries) {
        merged.count += summary.count;
        merged.max = Math.max(merged.max, summary.max);
        merged.total += summary.total;
      }
      return merged;
    }

    @Override
    public PriceSummary extractOutput(PriceSummary summary) {
      return summary;
    }

    @Override
    public Coder<PriceSummary> getAccumulatorCoder(CoderRegistry registry, Coder<Long> inputCoder) {
      return PriceSummaryCoder.INSTANCE;
    }

    @Override
    public Coder<PriceSummary> getDefaultOutputCoder(
        CoderRegistry registry, Coder<Long> inputCoder) {
      return PriceSummaryCoder.INSTANCE;
    }
  }

  static final class PriceSummaryCoder extends AtomicCoder<PriceSummary> {
    static final PriceSummaryCoder INSTANCE = new PriceSummaryCoder();
    private static final VarLongCoder LONGS = VarLongCoder.of();

    @Override
    public void encode(PriceSummary summary, OutputStream out) throws IOException {
      LONGS.encode(summary.count, out);
      LONGS.encode(summary.max, out);
      LONGS.encode(summary.total, out);
    }

    @Override
    public PriceSummary decode(InputStream in) throws IOException {
      PriceSummary summary = new PriceSummary();
      summary.count = LONGS.decode(in);
      summary.max = LONGS.decode(in);
      summary.total = LONGS.decode(in);
      return summary;
    }
  }
}
