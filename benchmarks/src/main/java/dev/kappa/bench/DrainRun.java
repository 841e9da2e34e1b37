package dev.kappa.bench;

import dev.kappa.bench.peers.NativeFlinkLive;
import dev.kappa.testing.LocalPostgres;
import dev.kappa.testing.LocalScripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Live capacity as a drain rate: a system starts a live {@code auction-stats} on a topic already
 * holding {@code N} events, from its earliest offset, with the live scenario's windows, early
 * firings every {@value OverloadRun#EARLY_FIRING_SECONDS} s and lateness, and runs until its window
 * task's watermark passes the newest event. The time from the process's start to then, at two
 * sizes, gives the marginal rate (start-up cancels): how fast the live path works through a
 * backlog, which is its capacity, apart from how fresh its answers are at a given rate ({@link
 * LiveRun}). The windows the watermark closed are then checked against the model.
 *
 * <p>Systems: Kappa writing JSON lines files ({@code kappa-flink-local}), the native Flink job
 * writing files ({@code native-flink}), and Kappa serving PostgreSQL ({@code
 * kappa-flink-local-jdbc}), the sink a Kappa deployment runs with.
 */
final class DrainRun {
  static final List<String> SYSTEMS =
      List.of("kappa-flink-local", "native-flink", "kappa-flink-local-jdbc");

  /** Drains longer than this are cut off and reported as such. */
  private static final long TIMEOUT_MS = 600_000;

  private final LiveRun live;
  private final Path work;

  /** {@code live} must fire early panes as shipped ({@link OverloadRun#EARLY_FIRING_SECONDS}). */
  DrainRun(LiveRun live, Path work) {
    this.live = live;
    this.work = work;
  }

  /** {@code system} from the start of {@code topic}, which holds the events of {@code events}. */
  DrainMeasurement run(String system, String topic, Path eventsFile, long events, long newest)
      throws IOException, InterruptedException, SQLException {
    String name = String.join("-", system, "drain", String.valueOf(events));
    Path dir = work.resolve("drain").resolve(name);
    Bench.deleteRecursively(dir);
    Files.createDirectories(dir);
    boolean kappa = system.startsWith("kappa");
    LocalPostgres.Database database =
        system.endsWith("-jdbc") ? LocalPostgres.createDatabase() : null;
    String sink = database != null ? database.url() : "jsonl:" + dir.resolve("out");
    int metricsPort = LocalScripts.freePort();
    long started = System.currentTimeMillis();
    Process process =
        live.start(
            kappa,
            topic,
            sink,
            dir,
            metricsPort,
            work.resolve("logs").resolve(name + ".log"),
            "",
            List.of());
    try (WatermarkProbe probe =
        new WatermarkProbe(
            metricsPort,
            kappa ? LiveRun.KAPPA_WINDOW_TASK : NativeFlinkLive.WINDOW_TASK,
            process.pid())) {
      LiveRun.PeakMemory memory = new LiveRun.PeakMemory(process);
      LiveRun.awaitWatermarkPast(probe, newest, process, memory::sample, started + TIMEOUT_MS);
      Optional<WatermarkProbe.Reading> drained =
          probe.readings().stream()
              .filter(r -> r.watermark() >= LiveRun.caughtUpAt(newest))
              .findFirst();
      if (drained.isEmpty()) {
        return new DrainMeasurement(
            system,
            events,
            -1,
            memory.peakMb(),
            !process.isAlive() ? "failed(exit " + process.exitValue() + ")" : "timeout",
            Runtime.getRuntime().availableProcessors(),
            LocalDate.now().toString());
      }
      Thread.sleep(LiveRun.SETTLE_MS);
      memory.sample();
      OptionalLong cutoff = probe.asOf(System.currentTimeMillis() - LiveRun.SETTLE_MS);
      String outcome =
          !process.isAlive()
              ? "failed(exit " + process.exitValue() + ")"
              : cutoff.isEmpty()
                  ? "wrong(no watermark)"
                  : database != null
                      ? live.checkServed(eventsFile, database, cutoff.getAsLong())
                      : live.checkFiles(eventsFile, dir.resolve("out"), cutoff.getAsLong());
      return new DrainMeasurement(
          system,
          events,
          drained.get().wallMillis() - started,
          memory.peakMb(),
          outcome,
          Runtime.getRuntime().availableProcessors(),
          LocalDate.now().toString());
    } finally {
      LiveRun.stop(process);
      if (database != null) {
        database.close();
      }
    }
  }
}
