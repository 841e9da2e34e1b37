package dev.kappa.bench.peers;

import dev.kappa.pipelines.kafka.PayloadEventTime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.time.Time;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The native Flink streaming peer of a live {@code auction-stats}: reads the same topic as Kappa
 * (Flink's {@code KafkaSource} from the earliest offsets, without end), with a watermark per
 * partition {@code BOUND_MS} behind the events' {@code dateTime} (as Kappa's Kafka read keeps one),
 * Jackson, 10 s windows with early results every {@code EARLY_MS}, an on-time result and a late one
 * per late bid within 30 s, accumulating, as Kappa's trigger preset. Each result row is flushed to
 * {@code OUT_DIR} as it is emitted; the harness stops the job.
 *
 * <pre>java ... NativeFlinkLive BOOTSTRAP_SERVERS TOPIC OUT_DIR BOUND_MS EARLY_MS</pre>
 */
public final class NativeFlinkLive {
  /** How the name of the task that holds the windows starts, in Flink's metrics. */
  public static final String WINDOW_TASK = "AuctionStats";

  private NativeFlinkLive() {}

  public static void main(String[] args) throws Exception {
    String bootstrapServers = args[0];
    String topic = args[1];
    String out = args[2];
    Duration bound = Duration.ofMillis(Long.parseLong(args[3]));
    long earlyMs = Long.parseLong(args[4]);
    int parallelism = 2;
    // The configuration in FLINK_CONF_DIR, if set, as Beam's runner reads it (the harness turns
    // on the Prometheus reporter there).
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(GlobalConfiguration.loadConfiguration());
    env.setParallelism(parallelism);
    env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
    env.getConfig().enableObjectReuse();
    env.getConfig().setAutoWatermarkInterval(200);

    KafkaSource<String> kafka =
        KafkaSource.<String>builder()
            .setBootstrapServers(bootstrapServers)
            .setTopics(topic)
            .setGroupId("native-flink-live")
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setValueOnlyDeserializer(new SimpleStringSchema())
            .build();
    // On the source, so that each partition keeps its own watermark (Flink's per-split
    // watermarks); the event time is read as Kappa's read does, a streaming parse to dateTime.
    WatermarkStrategy<String> eventTime =
        WatermarkStrategy.<String>forBoundedOutOfOrderness(bound)
            .withTimestampAssigner((line, previous) -> eventTime(line, previous));
    NativeFlink.decodeBids(env.fromSource(kafka, eventTime, "ReadTopic"))
        .keyBy(bid -> bid.auction)
        .window(TumblingEventTimeWindows.of(Time.seconds(10)))
        .allowedLateness(Time.seconds(30))
        .trigger(new EarlyOnTimeAndLate(earlyMs))
        .aggregate(new NativeFlink.SummarizePrices(), new EmitPanes())
        .name(WINDOW_TASK)
        .addSink(new NativeFlink.WriteRows(out, true))
        .name("WriteRows");
    env.execute("native-live-auction-stats");
  }

  /** The line's {@code dateTime}, read as Kappa's live read does; else the Kafka timestamp. */
  static long eventTime(String line, long kafkaTimestamp) {
    Long dateTime = PayloadEventTime.dateTime(line.getBytes(StandardCharsets.UTF_8));
    return dateTime != null ? dateTime : kafkaTimestamp;
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
    public TriggerResult onElement(
        Object element, long timestamp, TimeWindow window, TriggerContext ctx) {
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
    public void process(
        Long auction, Context context, Iterable<long[]> summaries, Collector<String> out)
        throws Exception {
      ValueState<Long> panes = context.windowState().getState(PANES);
      long pane = panes.value() == null ? 0 : panes.value();
      panes.update(pane + 1);
      long[] s = summaries.iterator().next();
      TimeWindow w = context.window();
      out.collect(
          PeerResults.row(
              w.getStart(),
              w.getEnd(),
              "auction",
              auction,
              "bids",
              s[0],
              "maxPrice",
              s[1],
              "totalPrice",
              s[2],
              "paneIndex",
              pane));
    }

    @Override
    public void clear(Context context) {
      context.windowState().getState(PANES).clear();
    }
  }
}
