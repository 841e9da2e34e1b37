package dev.kappa.testing;

import java.nio.file.Path;
import java.util.Map;

/**
 * The project's own Kafka broker ({@code runners-config/local/kafka}), started once per test JVM on
 * free ports with its data in this module's {@code target/}, and stopped when the JVM exits. Fault
 * tests may {@link #kill()} it and {@link #restart()} it on the same ports and data.
 */
public final class LocalKafka {
  private static Map<String, String> environment;

  private LocalKafka() {}

  /** Starts the broker on first use; returns its bootstrap address. */
  public static synchronized String bootstrapServers() {
    if (environment == null) {
      int port = LocalScripts.freePort();
      environment =
          Map.of(
              "KAFKA_PORT", String.valueOf(port),
              "KAFKA_CONTROLLER_PORT", String.valueOf(LocalScripts.freePort()),
              "KAFKA_DATA", Path.of("target", "kafka-" + port).toAbsolutePath().toString());
      LocalScripts.run("kafka", "start", environment);
      Runtime.getRuntime().addShutdownHook(new Thread(LocalKafka::stopQuietly));
    }
    return "127.0.0.1:" + environment.get("KAFKA_PORT");
  }

  /** Kills the broker (SIGKILL), as a crash would. */
  public static synchronized void kill() {
    LocalScripts.kill(Path.of(environment.get("KAFKA_DATA"), "broker.pid"));
  }

  /** Starts the broker again after {@link #kill()}, on the same ports and log. */
  public static synchronized void restart() {
    LocalScripts.run("kafka", "start", environment);
  }

  private static void stopQuietly() {
    try {
      LocalScripts.run("kafka", "stop", environment);
    } catch (IllegalStateException e) {
      System.err.println("could not stop the test broker: " + e);
    }
  }
}
