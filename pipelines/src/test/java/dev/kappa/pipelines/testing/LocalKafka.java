package dev.kappa.pipelines.testing;

import dev.kappa.launcher.LauncherRuns;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The project's own Kafka broker ({@code runners-config/local/kafka}), started once per test JVM
 * on free ports with its data in this module's {@code target/}, and stopped when the JVM exits.
 */
public final class LocalKafka {
  private static String bootstrapServers;

  private LocalKafka() {}

  /** Starts the broker on first use; returns its bootstrap address. */
  public static synchronized String bootstrapServers() {
    if (bootstrapServers == null) {
      try {
        int port = freePort();
        Path data = Path.of("target", "kafka-" + port).toAbsolutePath();
        script("start", port, data);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(port, data)));
        bootstrapServers = "127.0.0.1:" + port;
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException("could not start the local Kafka broker", e);
      }
    }
    return bootstrapServers;
  }

  private static void script(String command, int port, Path data)
      throws IOException, InterruptedException {
    Path script = LauncherRuns.repository().resolve("runners-config/local/kafka");
    ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), command).inheritIO();
    builder.environment().put("KAFKA_PORT", String.valueOf(port));
    builder.environment().put("KAFKA_CONTROLLER_PORT", String.valueOf(freePort()));
    builder.environment().put("KAFKA_DATA", data.toString());
    Process process = builder.start();
    if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException("runners-config/local/kafka " + command + " failed");
    }
  }

  private static void stopQuietly(int port, Path data) {
    try {
      script("stop", port, data);
    } catch (IOException | InterruptedException e) {
      System.err.println("could not stop the test broker: " + e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
