package dev.kappa.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.WindowingStrategy;

/**
 * {@code Combine.perKey} (or {@code globally}) with the combiner lifted into each bundle: a {@code
 * DoFn} folds the bundle's values into one accumulator per key and window (at most {@value
 * #MAX_ENTRIES} at a time), and only those accumulators go to the shuffle, where they are merged.
 * The answers are the same; far fewer elements are shuffled, sorted and run through triggers.
 *
 * <ul>
 *   <li>Batch: Beam's Flink runner lifts combiners itself, but by sorting every element with its
 *       key compared in serialized form, which was 40-47% of the CPU of the thread that ran it.
 *   <li>Live: Beam's Flink runner does not lift at all in streaming; every element went through the
 *       window operator's trigger, timers, watermark holds and state (most of a live run's CPU),
 *       and a bundle of 1,000 live bids holds about 6 per auction and window. A runner does not
 *       advance a {@code DoFn}'s output watermark while its bundle is open, so a value that was on
 *       time when it came in is still on time as part of an accumulator. Late values of one bundle
 *       are folded together, so they correct a result in one late pane rather than one each; the
 *       result is the same.
 * </ul>
 *
 * <p>Merging windows (sessions) and timestamp combiners other than end of window get a plain {@code
 * Combine}: a session is only known once windows merge, and the output time would need the inputs'
 * times.
 */
public final class CombineWithLifting<K, InputT, AccumT, OutputT>
    extends PTransform<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>> {
  /** Accumulators one bundle keeps before it hands them on: memory stays bounded. */
  static final int MAX_ENTRIES = 50_000;

  private final CombineFn<InputT, AccumT, OutputT> fn;
  private final int maxEntries;

  private CombineWithLifting(CombineFn<InputT, AccumT, OutputT> fn, int maxEntries) {
    this.fn = fn;
    this.maxEntries = maxEntries;
  }

  public static <K, InputT, AccumT, OutputT> CombineWithLifting<K, InputT, AccumT, OutputT> perKey(
      CombineFn<InputT, AccumT, OutputT> fn) {
    checkArgument(fn != null, "fn must not be null");
    return new CombineWithLifting<>(fn, MAX_ENTRIES);
  }

  /** The same with at most {@code maxEntries} accumulators per bundle at a time (for tests). */
  CombineWithLifting<K, InputT, AccumT, OutputT> withMaxEntries(int maxEntries) {
    checkArgument(maxEntries > 0, "maxEntries must be > 0, got %s", maxEntries);
    return new CombineWithLifting<>(fn, maxEntries);
  }

  /** {@code Combine.globally(fn).withoutDefaults()}, lifted: one result per window with input. */
  public static <InputT, AccumT, OutputT>
      PTransform<PCollection<InputT>, PCollection<OutputT>> globally(
          CombineFn<InputT, AccumT, OutputT> fn) {
    return new PTransform<>() {
      @Override
      public PCollection<OutputT> expand(PCollection<InputT> input) {
        return input
            .apply("WithoutKey", WithKeys.<Void, InputT>of((Void) null))
            .setCoder(KvCoder.of(VoidCoder.of(), input.getCoder()))
            .apply("Combine", CombineWithLifting.<Void, InputT, AccumT, OutputT>perKey(fn))
            .apply("Values", Values.create());
      }
    };
  }

  /** Whether {@code input} is combined in bundles first, or by a plain {@code Combine}. */
  static boolean lifts(PCollection<?> input) {
    WindowingStrategy<?, ?> windowing = input.getWindowingStrategy();
    return !windowing.needsMerge()
        && windowing.getTimestampCombiner() == TimestampCombiner.END_OF_WINDOW;
  }

  @Override
  public PCollection<KV<K, OutputT>> expand(PCollection<KV<K, InputT>> input) {
    if (!lifts(input)) {
      return input.apply("Combine", Combine.perKey(fn));
    }
    KvCoder<K, InputT> inputCoder = (KvCoder<K, InputT>) input.getCoder();
    CoderRegistry registry = input.getPipeline().getCoderRegistry();
    Coder<AccumT> accumulatorCoder;
    try {
      accumulatorCoder = fn.getAccumulatorCoder(registry, inputCoder.getValueCoder());
    } catch (CannotProvideCoderException e) {
      throw new IllegalArgumentException("the CombineFn's accumulator needs a coder", e);
    }
    return input
        .apply(
            "CombineInBundles",
            ParDo.of(new CombineInBundleFn<>(fn, inputCoder.getKeyCoder(), maxEntries)))
        .setCoder(KvCoder.of(inputCoder.getKeyCoder(), accumulatorCoder))
        .apply(
            "MergeAccumulators",
            Combine.perKey(
                new MergeAccumulatorsFn<>(fn, accumulatorCoder, inputCoder.getValueCoder())));
  }

  /** One accumulator per key (by its encoding, as Beam groups keys) and window of a bundle. */
  private static final class CombineInBundleFn<K, InputT, AccumT>
      extends DoFn<KV<K, InputT>, KV<K, AccumT>> {
    private final CombineFn<InputT, AccumT, ?> fn;
    private final Coder<K> keyCoder;
    private final int maxEntries;
    private transient Map<KeyInWindow, Partial<K, AccumT>> partials;

    CombineInBundleFn(CombineFn<InputT, AccumT, ?> fn, Coder<K> keyCoder, int maxEntries) {
      this.fn = fn;
      this.keyCoder = keyCoder;
      this.maxEntries = maxEntries;
    }

    private record KeyInWindow(Object structuralKey, BoundedWindow window) {}

    private static final class Partial<K, AccumT> {
      final K key;
      AccumT accumulator;

      Partial(K key, AccumT accumulator) {
        this.key = key;
        this.accumulator = accumulator;
      }
    }

    @StartBundle
    public void startBundle() {
      partials = new HashMap<>();
    }

    /**
     * A flush in the middle of a bundle hands on accumulators of windows that may end before the
     * current element's time. Each is stamped with its window's end, no earlier than any value in
     * it, and the output watermark does not move within a bundle, so none becomes late.
     */
    @Override
    @SuppressWarnings("deprecation")
    public org.joda.time.Duration getAllowedTimestampSkew() {
      return org.joda.time.Duration.millis(Long.MAX_VALUE);
    }

    @ProcessElement
    public void processElement(
        @Element KV<K, InputT> element, BoundedWindow window, OutputReceiver<KV<K, AccumT>> out) {
      K key = element.getKey();
      Partial<K, AccumT> partial =
          partials.computeIfAbsent(
              new KeyInWindow(keyCoder.structuralValue(key), window),
              k -> new Partial<>(key, fn.createAccumulator()));
      partial.accumulator = fn.addInput(partial.accumulator, element.getValue());
      if (partials.size() >= maxEntries) {
        flush(
            (value, into) ->
                out.outputWindowedValue(
                    value, into.maxTimestamp(), List.of(into), PaneInfo.NO_FIRING));
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      flush((value, into) -> context.output(value, into.maxTimestamp(), into));
    }

    /**
     * Hands every accumulator on, stamped with its window's end: the end-of-window timestamp
     * combiner gives the combined result that time whatever its inputs' times.
     */
    private void flush(BiConsumer<KV<K, AccumT>, BoundedWindow> emit) {
      partials.forEach(
          (k, partial) -> emit.accept(KV.of(partial.key, partial.accumulator), k.window()));
      partials.clear();
    }
  }

  /** Merges the bundles' accumulators per key and window, then extracts the output. */
  private static final class MergeAccumulatorsFn<InputT, AccumT, OutputT>
      extends CombineFn<AccumT, AccumT, OutputT> {
    private final CombineFn<InputT, AccumT, OutputT> fn;
    private final Coder<AccumT> accumulatorCoder;
    private final Coder<InputT> inputCoder;

    MergeAccumulatorsFn(
        CombineFn<InputT, AccumT, OutputT> fn,
        Coder<AccumT> accumulatorCoder,
        Coder<InputT> inputCoder) {
      this.fn = fn;
      this.accumulatorCoder = accumulatorCoder;
      this.inputCoder = inputCoder;
    }

    @Override
    public AccumT createAccumulator() {
      return fn.createAccumulator();
    }

    @Override
    public AccumT addInput(AccumT accumulator, AccumT partial) {
      return fn.mergeAccumulators(List.of(accumulator, partial));
    }

    @Override
    public AccumT mergeAccumulators(Iterable<AccumT> accumulators) {
      return fn.mergeAccumulators(accumulators);
    }

    @Override
    public OutputT extractOutput(AccumT accumulator) {
      return fn.extractOutput(accumulator);
    }

    @Override
    public Coder<AccumT> getAccumulatorCoder(CoderRegistry registry, Coder<AccumT> in) {
      return accumulatorCoder;
    }

    @Override
    public Coder<OutputT> getDefaultOutputCoder(CoderRegistry registry, Coder<AccumT> in)
        throws CannotProvideCoderException {
      return fn.getDefaultOutputCoder(registry, inputCoder);
    }
  }
}
