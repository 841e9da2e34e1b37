package dev.kappa.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The project's own Flink session cluster ({@code runners-config/local/flink-cluster}) on free
 * ports, with its checkpoints, savepoints and logs under {@code target/}, started once per test JVM
 * (as the broker is, {@link LocalKafka}) and stopped when the JVM exits: the cluster test classes a
 * JVM runs one after another share it, each stopping the jobs it started. Fault tests {@link
 * #killTaskManager()} and {@link #startMissing()} it again.
 */
public final class LocalFlinkCluster {
  private static LocalFlinkCluster shared;
  private final Map<String, String> environment;
  private final Path data;

  private LocalFlinkCluster(int restPort) {
    this.data = Path.of("target", "flink-" + restPort).toAbsolutePath();
    this.environment =
        Map.of(
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

  /** Starts whichever of the JobManager and TaskManager is not running. */
  public void startMissing() {
    LocalScripts.run("flink-cluster", "start", environment);
  }

  /** Kills the TaskManager (SIGKILL): its tasks and their in-memory state are gone. */
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

  /** The TaskManager's Prometheus endpoint: job, task and Kappa metrics. */
  public String taskManagerMetricsUrl() {
    return "http://127.0.0.1:" + environment.get("FLINK_TM_METRICS_PORT") + "/metrics";
  }

  private void stopQuietly() {
    try {
      LocalScripts.run("flink-cluster", "stop", environment);
    } catch (IllegalStateException e) {
      System.err.println("could not stop the test cluster: " + e);
    }
  }
}
