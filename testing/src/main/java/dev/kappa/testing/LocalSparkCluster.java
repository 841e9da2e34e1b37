package dev.kappa.testing;

import java.nio.file.Path;
import java.util.Map;

/**
 * The project's own Spark standalone cluster ({@code runners-config/local/spark-cluster}) on free
 * ports, with its executors' work folders and logs under {@code target/}; {@link #close()} stops
 * it.
 */
public final class LocalSparkCluster implements AutoCloseable {
  private final Map<String, String> environment;

  private LocalSparkCluster(int port) {
    this.environment =
        Map.of(
            "SPARK_MASTER_PORT", String.valueOf(port),
            "SPARK_MASTER_WEBUI_PORT", String.valueOf(LocalScripts.freePort()),
            "SPARK_WORKER_WEBUI_PORT", String.valueOf(LocalScripts.freePort()),
            "SPARK_DATA", Path.of("target", "spark-" + port).toAbsolutePath().toString());
  }

  public static LocalSparkCluster start() {
    LocalSparkCluster cluster = new LocalSparkCluster(LocalScripts.freePort());
    LocalScripts.run("spark-cluster", "start", cluster.environment);
    return cluster;
  }

  /** What {@code --sparkMaster} takes. */
  public String master() {
    return "spark://127.0.0.1:" + environment.get("SPARK_MASTER_PORT");
  }

  @Override
  public void close() {
    LocalScripts.run("spark-cluster", "stop", environment);
  }
}
