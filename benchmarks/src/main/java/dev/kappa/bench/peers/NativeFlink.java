package dev.kappa.bench.peers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.time.Time;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The native Flink 1.19 DataStream peer of each benchmarked query, as a Flink user would write it:
 * Flink's {@code FileSource} or {@code KafkaSource}, Jackson, event-time windows with an {@code
 * AggregateFunction}, object reuse on, embedded with the same parallelism as Kappa's {@code
 * flink-local} profile, in either runtime mode (the harness runs both and compares Kappa with the
 * faster, as a Flink user would pick it):
 *
 * <ul>
 *   <li>{@code BATCH}: windows fire once, after the input is sorted by key; the watermark plays no
 *       part.
 *   <li>{@code STREAMING}: windows fire as the watermark passes them. The watermark trails the
 *       newest bid by {@value #STREAMING_BOUND_MS} ms, more than the generator's latest event
 *       ({@code --maxLateMs}, 20 s), so no bid is late and each window fires once, with the model's
 *       answer.
 * </ul>
 *
 * <pre>java ... NativeFlink QUERY file:PATH|kafka:TOPIC BOOTSTRAP OUT_DIR [BATCH|STREAMING]</pre>
 */
public final class NativeFlink {
  private static final long SESSION_GAP_MS = 10_000;

  /** The out-of-orderness bound of the streaming mode: beyond the generator's latest event. */
  static final long STREAMING_BOUND_MS = 25_000;

  private static final int PARALLELISM = 2;

  private NativeFlink() {}

  /** A bid as Flink's POJO serializer wants it: public fields, a no-argument constructor. */
  public static final class Bid {
    public long auction;
    public long bidder;
    public long price;
    public long dateTime;

    public Bid() {}

    static Bid of(BidJson json) {
      Bid bid = new Bid();
      bid.auction = json.auction();
      bid.bidder = json.bidder();
      bid.price = json.price();
      bid.dateTime = json.dateTime();
      return bid;
    }
  }

  public static void main(String[] args) throws Exception {
    PeerInput input = new PeerInput(args[1], args[2]);
    RuntimeExecutionMode mode =
        args.length > 4 ? RuntimeExecutionMode.valueOf(args[4]) : RuntimeExecutionMode.BATCH;
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(PARALLELISM);
    env.setRuntimeMode(mode);
    env.getConfig().enableObjectReuse();

    DataStream<Bid> bids =
        mode == RuntimeExecutionMode.STREAMING
            // On the source, so that each Kafka partition keeps its own watermark: a subtask
            // reading two partitions at different speeds would otherwise drop the slower one's
            // bids as late.
            ? decodeBids(
                lines(
                    env,
                    input,
                    WatermarkStrategy.<String>forBoundedOutOfOrderness(
                            Duration.ofMillis(STREAMING_BOUND_MS))
                        .withTimestampAssigner(
                            (line, previous) -> NativeFlinkLive.eventTime(line, previous))))
            : decodeBids(lines(env, input, WatermarkStrategy.noWatermarks()))
                .assignTimestampsAndWatermarks(
                    WatermarkStrategy.<Bid>forBoundedOutOfOrderness(Duration.ofSeconds(5))
                        .withTimestampAssigner((bid, previous) -> bid.dateTime));

    DataStream<String> rows =
        switch (args[0]) {
          case "auction-stats" -> auctionStats(bids);
          case "hot-auctions" -> hotAuctions(bids);
          case "highest-bid" -> highestBid(bids);
          case "bidder-sessions" -> bidderSessions(bids);
          default -> throw new IllegalArgumentException("no native Flink job for " + args[0]);
        };
    rows.addSink(new WriteRows(args[3])).name("WriteRows");
    env.execute("native-" + args[0]);
  }

  /** Each subtask writes its rows to {@code DIR/results-peer-SUBTASK.jsonl}. */
  public static final class WriteRows extends RichSinkFunction<String> {
    private final String directory;
    private final boolean flushEachRow;
    private transient PeerResults out;

    public WriteRows(String directory) {
      this(directory, false);
    }

    /** With {@code flushEachRow}, each row is in the file as soon as it is written. */
    public WriteRows(String directory, boolean flushEachRow) {
      this.directory = directory;
      this.flushEachRow = flushEachRow;
    }

    @Override
    public void open(OpenContext context) {
      out =
          new PeerResults(
              Path.of(directory),
              "peer-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
    }

    @Override
    public void invoke(String row, Context context) {
      out.writeLine(row);
      if (flushEachRow) {
        out.flush();
      }
    }

    @Override
    public void close() {
      out.close();
    }
  }

  /** The bids among wire-format lines, decoded with Jackson. */
  static SingleOutputStreamOperator<Bid> decodeBids(DataStream<String> lines) {
    return lines
        .flatMap(
            (String line, Collector<Bid> out) -> {
              BidJson bid = BidJson.parse(line);
              if (bid != null) {
                out.collect(Bid.of(bid));
              }
            })
        .returns(Bid.class)
        .name("DecodeBids");
  }

  private static DataStream<String> lines(
      StreamExecutionEnvironment env, PeerInput input, WatermarkStrategy<String> eventTime) {
    if (input.isKafka()) {
      KafkaSource<String> kafka =
          KafkaSource.<String>builder()
              .setBootstrapServers(input.bootstrapServers())
              .setTopics(input.topic())
              .setGroupId("native-flink-bench")
              .setStartingOffsets(OffsetsInitializer.earliest())
              .setBounded(OffsetsInitializer.latest())
              .setValueOnlyDeserializer(new SimpleStringSchema())
              .build();
      return env.fromSource(kafka, eventTime, "ReadKafka");
    }
    FileSource<String> file =
        FileSource.forRecordStreamFormat(
                new TextLineInputFormat(), new org.apache.flink.core.fs.Path(input.path()))
            .build();
    return env.fromSource(file, eventTime, "ReadFile");
  }

  /** Bids, highest and total price per auction and 10 s window. */
  static DataStream<String> auctionStats(DataStream<Bid> bids) {
    return bids.keyBy(bid -> bid.auction)
        .window(TumblingEventTimeWindows.of(Time.seconds(10)))
        .aggregate(new SummarizePrices(), new EmitAuctionStats())
        .name("AuctionStats");
  }

  public static final class SummarizePrices implements AggregateFunction<Bid, long[], long[]> {
    @Override
    public long[] createAccumulator() {
      return new long[3];
    }

    @Override
    public long[] add(Bid bid, long[] s) {
      s[0]++;
      s[1] = Math.max(s[1], bid.price);
      s[2] += bid.price;
      return s;
    }

    @Override
    public long[] getResult(long[] s) {
      return s;
    }

    @Override
    public long[] merge(long[] a, long[] b) {
      return new long[] {a[0] + b[0], Math.max(a[1], b[1]), a[2] + b[2]};
    }
  }

  static final class EmitAuctionStats
      extends ProcessWindowFunction<long[], String, Long, TimeWindow> {
    @Override
    public void process(
        Long auction, Context context, Iterable<long[]> summaries, Collector<String> out) {
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
              s[2]));
    }
  }

  /** Bids per auction in 60 s windows sliding by 10 s, then per window the top auctions. */
  static DataStream<String> hotAuctions(DataStream<Bid> bids) {
    return bids.keyBy(bid -> bid.auction)
        .window(SlidingEventTimeWindows.of(Time.seconds(60), Time.seconds(10)))
        .aggregate(new CountBids(), new EmitAuctionCount())
        .name("CountBidsPerAuction")
        // Each count carries its window's last instant as timestamp: a 10 s tumbling window
        // keyed by window start gathers the counts of one sliding window.
        .keyBy(count -> count[1])
        .window(TumblingEventTimeWindows.of(Time.seconds(10)))
        .process(new EmitTopAuctions())
        .name("TopAuctions");
  }

  static final class CountBids implements AggregateFunction<Bid, Long, Long> {
    @Override
    public Long createAccumulator() {
      return 0L;
    }

    @Override
    public Long add(Bid bid, Long count) {
      return count + 1;
    }

    @Override
    public Long getResult(Long count) {
      return count;
    }

    @Override
    public Long merge(Long a, Long b) {
      return a + b;
    }
  }

  /** {auction, window start, window end, bids}. */
  static final class EmitAuctionCount
      extends ProcessWindowFunction<Long, long[], Long, TimeWindow> {
    @Override
    public void process(
        Long auction, Context context, Iterable<Long> counts, Collector<long[]> out) {
      TimeWindow w = context.window();
      out.collect(new long[] {auction, w.getStart(), w.getEnd(), counts.iterator().next()});
    }
  }

  static final class EmitTopAuctions
      extends ProcessWindowFunction<long[], String, Long, TimeWindow> {
    @Override
    public void process(
        Long start, Context context, Iterable<long[]> counts, Collector<String> out) {
      long top = 0;
      List<long[]> hottest = new ArrayList<>();
      for (long[] c : counts) {
        if (c[3] > top) {
          top = c[3];
          hottest.clear();
        }
        if (c[3] == top) {
          hottest.add(c.clone()); // object reuse: the iterator may hand out one array again
        }
      }
      for (long[] c : hottest) {
        out.collect(PeerResults.row(c[1], c[2], "auction", c[0], "bids", c[3]));
      }
    }
  }

  /** Per 10 s window, every bid at the highest price. */
  static DataStream<String> highestBid(DataStream<Bid> bids) {
    return bids.keyBy(bid -> BidJson.windowStart(bid.dateTime, 10_000))
        .window(TumblingEventTimeWindows.of(Time.seconds(10)))
        .aggregate(new KeepHighest(), new EmitHighest())
        .name("HighestBids");
  }

  static final class KeepHighest implements AggregateFunction<Bid, List<long[]>, List<long[]>> {
    @Override
    public List<long[]> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<long[]> add(Bid bid, List<long[]> highest) {
      if (!highest.isEmpty() && bid.price > highest.get(0)[2]) {
        highest.clear();
      }
      if (highest.isEmpty() || bid.price == highest.get(0)[2]) {
        highest.add(new long[] {bid.auction, bid.bidder, bid.price, bid.dateTime});
      }
      return highest;
    }

    @Override
    public List<long[]> getResult(List<long[]> highest) {
      return highest;
    }

    @Override
    public List<long[]> merge(List<long[]> a, List<long[]> b) {
      List<long[]> merged = new ArrayList<>(a);
      for (long[] bid : b) {
        if (!merged.isEmpty() && bid[2] > merged.get(0)[2]) {
          merged.clear();
        }
        if (merged.isEmpty() || bid[2] == merged.get(0)[2]) {
          merged.add(bid);
        }
      }
      return merged;
    }
  }

  static final class EmitHighest
      extends ProcessWindowFunction<List<long[]>, String, Long, TimeWindow> {
    @Override
    public void process(
        Long start, Context context, Iterable<List<long[]>> highest, Collector<String> out) {
      TimeWindow w = context.window();
      for (long[] b : highest.iterator().next()) {
        out.collect(
            PeerResults.row(
                w.getStart(),
                w.getEnd(),
                "auction",
                b[0],
                "bidder",
                b[1],
                "price",
                b[2],
                "dateTime",
                b[3]));
      }
    }
  }

  /**
   * Bids per bidder session (10 s gap). Flink merges session windows that touch, Beam only those
   * that overlap: two bids exactly 10 s apart are one Flink session but two Beam sessions. A gap of
   * 10 s less 1 ms merges exactly when Beam's 10 s gap does; the end is then Beam's less 1 ms.
   */
  static DataStream<String> bidderSessions(DataStream<Bid> bids) {
    return bids.keyBy(bid -> bid.bidder)
        .window(EventTimeSessionWindows.withGap(Time.milliseconds(SESSION_GAP_MS - 1)))
        .aggregate(new CountBids(), new EmitSession())
        .name("BidderSessions");
  }

  static final class EmitSession extends ProcessWindowFunction<Long, String, Long, TimeWindow> {
    @Override
    public void process(
        Long bidder, Context context, Iterable<Long> counts, Collector<String> out) {
      TimeWindow w = context.window();
      out.collect(
          PeerResults.row(
              w.getStart(), w.getEnd() + 1, "bidder", bidder, "bids", counts.iterator().next()));
    }
  }
}
