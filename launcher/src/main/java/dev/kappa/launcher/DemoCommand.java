package dev.kappa.launcher;

import dev.kappa.launcher.kafka.KafkaLog;
import dev.kappa.launcher.serving.ServingReader;
import dev.kappa.pipelines.AuctionStatsPipeline;
import dev.kappa.pipelines.options.KafkaOptions;
import dev.kappa.pipelines.serving.JdbcTarget;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/**
 * {@code kappa demo}: the article in two minutes. A live stream goes to a fresh Kafka topic; {@code
 * auction-stats} v1 runs live into PostgreSQL and the serving view's freshest rows are printed as
 * panes arrive (early, on time, late); then v2 (20-second windows) reprocesses the topic from the
 * beginning, readers are switched to it, and v1 is stopped; {@code kappa status} before and after
 * the switch. {@code bin/kappa} starts the broker and PostgreSQL first.
 */
@Command(
    name = "demo",
    description = {
      "The article in two minutes: a live stream into a fresh topic, auction-stats v1 live into"
          + " PostgreSQL with its panes printed as they arrive, then v2 reprocesses the topic and"
          + " readers switch to it; kappa status before and after. Starts Kafka and PostgreSQL"
          + " (bin/kappa) if they are not running."
    })
final class DemoCommand implements Callable<Integer> {
  private static final String VIEW = "auction_stats";
  private static final List<String> COLUMNS =
      List.of("auction", "window_start", "window_end", "bids", "timing", "pane_index");

  /** The options of {@code kappa demo}. */
  public interface Options extends KafkaOptions {
    @Description("The PostgreSQL server; the demo (re)creates database kappa_demo on it.")
    @Default.String("jdbc:postgresql://127.0.0.1:5432/")
    String getServer();

    void setServer(String server);

    @Description("How long the live stream runs, in seconds.")
    @Default.Integer(60)
    int getStreamSeconds();

    void setStreamSeconds(int streamSeconds);

    @Description("Events per second of the live stream (event time follows the wall clock).")
    @Default.Integer(500)
    int getEventsPerSecond();

    void setEventsPerSecond(int eventsPerSecond);

    @Description("Seconds of watching v1 live before v2 starts reprocessing.")
    @Default.Integer(30)
    int getWatchSeconds();

    void setWatchSeconds(int watchSeconds);
  }

  private final Launcher launcher;
  private final PrintStream out;
  private final PrintStream err;

  DemoCommand(Launcher launcher, PrintStream out, PrintStream err) {
    this.launcher = launcher;
    this.out = out;
    this.err = err;
  }

  @Mixin private HelpOption help;

  /** The options of {@link Options}, parsed by Beam. */
  @Unmatched private List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    try {
      return demo(CommandLineOptions.parse(args, Options.class));
    } catch (SQLException e) {
      throw new IOException("the demo's database: " + e.getMessage(), e);
    }
  }

  private int demo(Options options) throws Exception {
    String database =
        new ServingReader(JdbcTarget.parse(options.getServer() + "postgres?user=postgres"))
            .recreateDatabase("kappa_demo");
    ServingReader serving = new ServingReader(JdbcTarget.parse(database));
    String topic = "kappa-demo-" + Instant.now().getEpochSecond();
    String bootstrap = "--bootstrapServers=" + options.getBootstrapServers();
    new KafkaLog(options.getBootstrapServers()).ensureTopic(topic, 4);
    err.printf(
        "kappa demo: 1. a live stream of %d events/s for %d s into topic %s%n",
        options.getEventsPerSecond(), options.getStreamSeconds(), topic);
    CompletableFuture<String> producing =
        CompletableFuture.supplyAsync(() -> produce(options, topic, bootstrap));

    err.println(
        "kappa demo: 2. auction-stats v1 (10 s windows) runs live into "
            + JdbcTarget.redact(database));
    // The demo runs on embedded Flink, the default profile, where it is tested (DemoTest in
    // bundles/flink): its reprocess replays the topic at Flink's speed.
    List<String> live =
        List.of(
            "--env=flink-local",
            "--source=kafka:" + topic,
            bootstrap,
            "--sink=" + database,
            "--maxOutOfOrdernessSeconds=2",
            "--earlyFiringSeconds=2",
            "--progressSeconds=0");
    Launcher.Launched v1 =
        launcher.launch(
            AuctionStatsPipeline.DEFINITION,
            LaunchArguments.parse(with(live, "--version=v1")),
            true);
    try {
      watch(serving, options.getWatchSeconds());
      status(database, topic, bootstrap, "what an operator sees before reprocessing");
      err.println("kappa demo: 3. v2 (20 s windows) reprocesses the topic from its first offset");
      int reprocessed =
          execute(
              new ReprocessCommand(launcher, err),
              with(
                  List.of(AuctionStatsPipeline.DEFINITION.name()),
                  live,
                  "--version=v2",
                  "--windowSizeSeconds=20",
                  "--stopAfterSwitch",
                  "--catchUpSeconds=20"));
      err.println(producing.join());
      printFreshest(serving, "4. readers now see v2, and v1 is stopped");
      status(database, topic, bootstrap, "and after the switch");
      return reprocessed;
    } finally {
      v1.result().cancel();
    }
  }

  /** {@code kappa status auction-stats} on the demo's database and topic. */
  private void status(String database, String topic, String bootstrap, String title)
      throws Exception {
    err.println("kappa demo: kappa status, " + title + ":");
    execute(
        new StatusCommand(launcher, out),
        List.of(
            AuctionStatsPipeline.DEFINITION.name(),
            "--sink=" + database,
            "--source=kafka:" + topic,
            bootstrap));
  }

  /** Runs {@code command} with {@code args} as the command line would, its failures thrown. */
  private static int execute(Callable<Integer> command, List<String> args) throws Exception {
    new CommandLine(command).setExpandAtFiles(false).parseArgs(args.toArray(new String[0]));
    return command.call();
  }

  private String produce(Options options, String topic, String bootstrap) {
    try {
      return ProduceCommand.run(
          List.of(
              "--topic=" + topic,
              bootstrap,
              "--events=" + (long) options.getEventsPerSecond() * options.getStreamSeconds(),
              "--rate=" + options.getEventsPerSecond(),
              "--eventsPerSecond=" + options.getEventsPerSecond(),
              "--firstEventTime=now",
              "--lateFraction=0.01",
              "--maxLateMs=8000"));
    } catch (IOException e) {
      throw new IllegalStateException("the demo's producer failed", e);
    }
  }

  /** Prints the view's freshest rows every 3 s for {@code seconds}. */
  private void watch(ServingReader serving, int seconds) throws SQLException, InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      Thread.sleep(3_000);
      printFreshest(serving, "freshest rows of view " + VIEW);
    }
  }

  private void printFreshest(ServingReader serving, String title) throws SQLException {
    List<List<Object>> rows = serving.newestRows(VIEW, COLUMNS, 6);
    if (rows.isEmpty()) { // the view appears with v1's first pane
      out.println("-- no results yet");
      return;
    }
    out.println(
        "-- "
            + title
            + " (rows by latest pane: "
            + String.join(", ", serving.rowsByTiming(VIEW))
            + ")");
    out.printf(
        "%-8s %-20s %-20s %5s %-8s %4s%n",
        "auction", "window_start", "window_end", "bids", "timing", "pane");
    for (List<Object> row : rows) {
      out.printf(
          "%-8d %-20s %-20s %5d %-8s %4d%n",
          row.get(0),
          Instant.ofEpochMilli((Long) row.get(1)),
          Instant.ofEpochMilli((Long) row.get(2)),
          row.get(3),
          row.get(4),
          row.get(5));
    }
  }

  private static List<String> with(List<String> args, String... more) {
    return with(List.of(), args, more);
  }

  private static List<String> with(List<String> first, List<String> args, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(args);
    all.addAll(List.of(more));
    return all;
  }
}
