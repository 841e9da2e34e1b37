package dev.kappa.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The project's own Flink session cluster ({@code runners-config/local/flink-cluster}) on free
 * ports, two TaskManagers, with its checkpoints, savepoints and logs under {@code target/}, started
 * once per test JVM (as the broker is, {@link LocalKafka}) and stopped when the JVM exits: the
 * cluster test classes a JVM runs one after another share it, each stopping the jobs it started.
 * Fault tests {@link #killTaskManager()} and {@link #startMissing()} it again.
 */
public final class LocalFlinkCluster {
  /**
   * Two, as a scaled-out cluster has: tasks are spread over both (the configuration asks so), a job
   * rescaled to parallelism 4 runs on both, and a killed TaskManager's job restarts on the other's
   * slots.
   */
  private static final int TASKMANAGERS = 2;

  private static final Pattern REPORTER_PORT =
      Pattern.compile("Started PrometheusReporter HTTP server on port (\\d+)");

  private static LocalFlinkCluster shared;
  private final Map<String, String> environment;
  private final Path data;

  private LocalFlinkCluster(int restPort) {
    this.data = Path.of("target", "flink-" + restPort).toAbsolutePath();
    this.environment =
        Map.of(
            "FLINK_TASKMANAGERS", String.valueOf(TASKMANAGERS),
            "FLINK_REST_PORT", String.valueOf(restPort),
            "FLINK_RPC_PORT", String.valueOf(LocalScripts.freePort()),
            "FLINK_TM_METRICS_PORT", String.valueOf(LocalScripts.freePort()),
            "FLINK_JM_METRICS_PORT", String.valueOf(LocalScripts.freePort()),
            "FLINK_DATA", data.toString());
  }

  /** Starts this JVM's cluster on first use. */
  public static synchronized LocalFlinkCluster shared() {
    if (shared == null) {
      shared = new LocalFlinkCluster(LocalScripts.freePort());
      shared.startMissing();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stopQuietly));
    }
    return shared;
  }

  /** Starts whichever of the JobManager and TaskManagers is not running. */
  public void startMissing() {
    LocalScripts.run("flink-cluster", "start", environment);
  }

  /**
   * Kills the first TaskManager (SIGKILL): its tasks and their in-memory state are gone; the job
   * restarts on the slots left, the other TaskManager's.
   */
  public void killTaskManager() {
    LocalScripts.kill(data.resolve("taskmanager.pid"));
  }

  /** What {@code --flinkMaster} takes. */
  public String master() {
    return "localhost:" + environment.get("FLINK_REST_PORT");
  }

  /** Every log file the cluster's JobManager and TaskManager have written. */
  public List<Path> logs() throws IOException {
    try (Stream<Path> files = Files.walk(data.resolve("log"))) {
      return files.filter(Files::isRegularFile).collect(Collectors.toList());
    }
  }

  public String restUrl() {
    return "http://" + master();
  }

  /** The Flink bundle's jar, as the cluster tests submit it ({@code --filesToStage}). */
  public static Path bundledJar() {
    return LocalScripts.repository().resolve("bundles/flink/target/kappa-flink-bundled.jar");
  }

  /**
   * Every TaskManager's Prometheus endpoint (job, task and Kappa metrics; a job's tasks may run on
   * either): the first's on its set port, the others' on the port each one's log says it took.
   */
  public List<String> taskManagerMetricsUrls() throws IOException {
    List<String> urls = new ArrayList<>();
    urls.add("http://127.0.0.1:" + environment.get("FLINK_TM_METRICS_PORT") + "/metrics");
    for (int i = 2; i <= TASKMANAGERS; i++) {
      Matcher port =
          REPORTER_PORT.matcher(Files.readString(data.resolve("log/taskmanager-" + i + ".log")));
      if (!port.find()) {
        throw new IllegalStateException("taskmanager-" + i + " serves no Prometheus metrics");
      }
      urls.add("http://127.0.0.1:" + port.group(1) + "/metrics");
    }
    return urls;
  }

  private void stopQuietly() {
    try {
      LocalScripts.run("flink-cluster", "stop", environment);
    } catch (IllegalStateException e) {
      System.err.println("could not stop the test cluster: " + e);
    }
  }
}
