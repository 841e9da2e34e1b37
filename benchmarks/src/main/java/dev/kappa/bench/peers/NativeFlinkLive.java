package dev.kappa.bench.peers;

import dev.kappa.codec.EventJson;
import dev.kappa.generator.EventGenerator;
import dev.kappa.generator.GeneratorConfig;
import java.time.Duration;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.time.Time;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The native Flink streaming peer of a live {@code auction-stats}: the same generated events at a
 * wall-clock rate (Flink's {@code DataGeneratorSource} with a rate limiter, each event encoded to
 * JSON and decoded again, as Kappa reads it), a watermark 2 s behind the events as the
 * generator's, 10 s windows with early results every 5 s, an on-time result and a late one per
 * late bid within 30 s, accumulating, as Kappa's trigger preset.
 *
 * <pre>java ... NativeFlinkLive RATE EVENTS OUT_DIR [PARALLELISM]</pre>
 */
public final class NativeFlinkLive {
  private NativeFlinkLive() {}

  public static void main(String[] args) throws Exception {
    long rate = Long.parseLong(args[0]);
    long events = Long.parseLong(args[1]);
    String out = args[2];
    int parallelism = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(parallelism);
    env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
    env.getConfig().enableObjectReuse();
    env.getConfig().setAutoWatermarkInterval(200);

    EventGenerator generator = new EventGenerator(liveConfig(rate, events));
    DataGeneratorSource<String> source =
        new DataGeneratorSource<>(
            (GeneratorFunction<Long, String>) index -> EventJson.encode(generator.event(index)),
            events,
            RateLimiterStrategy.perSecond(rate),
            Types.STRING);
    NativeFlink.decodeBids(env.fromSource(source, WatermarkStrategy.noWatermarks(), "Generate"))
        .assignTimestampsAndWatermarks(
            WatermarkStrategy.<NativeFlink.Bid>forBoundedOutOfOrderness(Duration.ofSeconds(2))
                .withTimestampAssigner((bid, previous) -> bid.dateTime))
        .keyBy(bid -> bid.auction)
        .window(TumblingEventTimeWindows.of(Time.seconds(10)))
        .allowedLateness(Time.seconds(30))
        .trigger(new EarlyOnTimeAndLate(5_000))
        .aggregate(new NativeFlink.SummarizePrices(), new EmitPanes())
        .name("AuctionStats")
        .addSink(new NativeFlink.WriteRows(out))
        .name("WriteRows");
    env.execute("native-live-auction-stats");
  }

  /** The generator's live events at {@code rate}: event time advances with the wall clock. */
  public static GeneratorConfig liveConfig(long rate, long events) {
    return GeneratorConfig.builder().events(events).eventsPerSecond(rate).build();
  }

  /**
   * Early results every {@code earlyMs} of processing time while a window is open, the on-time
   * result when the watermark passes its end, then one result per late element.
   */
  static final class EarlyOnTimeAndLate extends Trigger<Object, TimeWindow> {
    private final long earlyMs;

    EarlyOnTimeAndLate(long earlyMs) {
      this.earlyMs = earlyMs;
    }

    @Override
    public TriggerResult onElement(Object element, long timestamp, TimeWindow window,
        TriggerContext ctx) {
      if (window.maxTimestamp() <= ctx.getCurrentWatermark()) {
        return TriggerResult.FIRE;
      }
      ctx.registerEventTimeTimer(window.maxTimestamp());
      long now = ctx.getCurrentProcessingTime();
      ctx.registerProcessingTimeTimer(now - now % earlyMs + earlyMs);
      return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) {
      return window.maxTimestamp() > ctx.getCurrentWatermark()
          ? TriggerResult.FIRE
          : TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) {
      return time == window.maxTimestamp() ? TriggerResult.FIRE : TriggerResult.CONTINUE;
    }

    @Override
    public void clear(TimeWindow window, TriggerContext ctx) {
      ctx.deleteEventTimeTimer(window.maxTimestamp());
    }
  }

  /** One row per pane, with the pane's index, so the last pane of a window is its answer. */
  static final class EmitPanes extends ProcessWindowFunction<long[], String, Long, TimeWindow> {
    private static final ValueStateDescriptor<Long> PANES =
        new ValueStateDescriptor<>("panes", Long.class);

    @Override
    public void process(Long auction, Context context, Iterable<long[]> summaries,
        Collector<String> out) throws Exception {
      ValueState<Long> panes = context.windowState().getState(PANES);
      long pane = panes.value() == null ? 0 : panes.value();
      panes.update(pane + 1);
      long[] s = summaries.iterator().next();
      TimeWindow w = context.window();
      out.collect(PeerResults.row(w.getStart(), w.getEnd(), "auction", auction, "bids", s[0],
          "maxPrice", s[1], "totalPrice", s[2], "paneIndex", pane));
    }

    @Override
    public void clear(Context context) {
      context.windowState().getState(PANES).clear();
    }
  }
}
