package dev.kappa.launcher;

import dev.kappa.pipelines.AuctionStatsPipeline;
import dev.kappa.pipelines.kafka.KafkaLog;
import dev.kappa.pipelines.options.KafkaOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code kappa demo}: the article in two minutes. A live stream goes to a fresh Kafka topic;
 * {@code auction-stats} v1 runs live into PostgreSQL and the serving view's freshest rows are
 * printed as panes arrive (early, on time, late); then v2 (20-second windows) reprocesses the topic
 * from the beginning, readers are switched to it, and v1 is stopped. {@code bin/kappa} starts the
 * broker and PostgreSQL first.
 */
final class DemoCommand {
  private static final String PIPELINE = "auction-stats";
  private static final String VIEW = "auction_stats";

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

  private final Kappa kappa;
  private final PrintStream out;
  private final PrintStream err;

  DemoCommand(Kappa kappa, PrintStream out, PrintStream err) {
    this.kappa = kappa;
    this.out = out;
    this.err = err;
  }

  int run(List<String> args) throws IOException, SQLException, InterruptedException {
    Options options =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).withValidation().as(Options.class);
    String database = createDatabase(options.getServer(), "kappa_demo");
    String topic = "kappa-demo-" + Instant.now().getEpochSecond();
    String bootstrap = "--bootstrapServers=" + options.getBootstrapServers();
    new KafkaLog(options.getBootstrapServers()).ensureTopic(topic, 4);
    err.printf("kappa demo: 1. a live stream of %d events/s for %d s into topic %s%n",
        options.getEventsPerSecond(), options.getStreamSeconds(), topic);
    CompletableFuture<String> producing =
        CompletableFuture.supplyAsync(() -> produce(options, topic, bootstrap));

    err.println("kappa demo: 2. auction-stats v1 (10 s windows) runs live into " + database);
    // The demo runs on the DirectRunner, where it is tested (DemoTest).
    List<String> live = List.of("--env=direct", "--source=kafka:" + topic, bootstrap,
        "--sink=" + database,
        "--maxOutOfOrdernessSeconds=2", "--earlyFiringSeconds=2", "--progressSeconds=0");
    Kappa.Launched v1 = kappa.launch(AuctionStatsPipeline.DEFINITION, with(live, "--version=v1"),
        true);
    try {
      watch(database, options.getWatchSeconds());
      err.println("kappa demo: 3. v2 (20 s windows) reprocesses the topic from its first offset");
      int reprocessed =
          new ReprocessCommand(kappa, err)
              .run(AuctionStatsPipeline.DEFINITION,
                  with(live, "--version=v2", "--windowSizeSeconds=20", "--stopAfterSwitch",
                      "--catchUpSeconds=20"));
      err.println(producing.join());
      printFreshest(database, "4. readers now see v2, and v1 is stopped");
      return reprocessed;
    } finally {
      v1.result().cancel();
    }
  }

  private String produce(Options options, String topic, String bootstrap) {
    try {
      return ProduceCommand.run(List.of("--topic=" + topic, bootstrap,
          "--events=" + (long) options.getEventsPerSecond() * options.getStreamSeconds(),
          "--rate=" + options.getEventsPerSecond(),
          "--eventsPerSecond=" + options.getEventsPerSecond(),
          "--firstEventTime=now", "--lateFraction=0.01", "--maxLateMs=8000"));
    } catch (IOException e) {
      throw new IllegalStateException("the demo's producer failed", e);
    }
  }

  /** Prints the view's freshest rows every 3 s for {@code seconds}. */
  private void watch(String database, int seconds) throws SQLException, InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      Thread.sleep(3_000);
      printFreshest(database, "freshest rows of view " + VIEW);
    }
  }

  private void printFreshest(String database, String title) throws SQLException {
    try (Connection connection = DriverManager.getConnection(database);
        Statement query = connection.createStatement()) {
      out.println("-- " + title + " (" + count(query) + ")");
      out.printf("%-8s %-20s %-20s %5s %-8s %4s%n",
          "auction", "window_start", "window_end", "bids", "timing", "pane");
      try (ResultSet rows = query.executeQuery(
          "SELECT auction, window_start, window_end, bids, timing, pane_index FROM " + VIEW
              + " ORDER BY updated_at DESC, auction LIMIT 6")) {
        while (rows.next()) {
          out.printf("%-8d %-20s %-20s %5d %-8s %4d%n", rows.getLong(1),
              Instant.ofEpochMilli(rows.getLong(2)), Instant.ofEpochMilli(rows.getLong(3)),
              rows.getLong(4), rows.getString(5), rows.getLong(6));
        }
      }
    } catch (SQLException e) {
      if (!"42P01".equals(e.getSQLState())) { // the view appears with v1's first pane
        throw e;
      }
      out.println("-- no results yet");
    }
  }

  private static String count(Statement query) throws SQLException {
    List<String> counts = new ArrayList<>();
    try (ResultSet rows = query.executeQuery(
        "SELECT timing, count(*) FROM " + VIEW + " GROUP BY timing ORDER BY timing")) {
      while (rows.next()) {
        counts.add(rows.getString(1) + " " + rows.getLong(2));
      }
    }
    return "rows by latest pane: " + String.join(", ", counts);
  }

  /** Drops and creates {@code name} on the server; returns its JDBC URL. */
  private static String createDatabase(String server, String name) throws SQLException {
    String credentials = "?user=postgres";
    try (Connection connection = DriverManager.getConnection(server + "postgres" + credentials);
        Statement ddl = connection.createStatement()) {
      ddl.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      ddl.execute("CREATE DATABASE " + name);
    }
    return server + name + credentials;
  }

  private static List<String> with(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return all;
  }
}
