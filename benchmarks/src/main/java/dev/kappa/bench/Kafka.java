package dev.kappa.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The project's own local broker (runners-config/local/kafka) on free ports, for the replays. */
final class Kafka {
  private final Path home;
  private final ProcessBuilder script;
  private final int port;

  private Kafka(Path home, Path data, int port) {
    this.home = home;
    this.port = port;
    this.script = new ProcessBuilder().inheritIO();
    script.environment().put("KAFKA_PORT", String.valueOf(port));
    script.environment().put("KAFKA_CONTROLLER_PORT", String.valueOf(Bench.freePort()));
    script.environment().put("KAFKA_DATA", data.toString());
    script.environment().put("KAFKA_HEAP", "1g");
  }

  static Kafka start(Path home, Path work) throws IOException, InterruptedException {
    int port = Bench.freePort();
    Kafka kafka = new Kafka(home, work.resolve("kafka-" + port), port);
    Bench.progress("  starting a Kafka broker on 127.0.0.1:%d", port);
    kafka.script("start");
    return kafka;
  }

  String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  void stop() throws IOException, InterruptedException {
    script("stop");
  }

  private void script(String command) throws IOException, InterruptedException {
    script.command(List.of(home.resolve("runners-config/local/kafka").toString(), command));
    script.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    int exit = script.start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException("runners-config/local/kafka " + command + " failed");
    }
  }
}
