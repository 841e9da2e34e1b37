package dev.kappa.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Optional;

/**
 * The cluster a run is submitted to, read from the resolved options ({@code
 * --flinkMaster=HOST:PORT} or {@code --sparkMaster=spark://HOST:PORT}); none for the DirectRunner
 * and the embedded runners. Read from the arguments so that no runner class is named here.
 */
record Cluster(Kind kind, String host, int port) {
  enum Kind {
    FLINK("Flink session cluster", "runners-config/local/flink-cluster start"),
    SPARK("Spark standalone cluster", "runners-config/local/spark-cluster start");

    private final String description;
    private final String startCommand;

    Kind(String description, String startCommand) {
      this.description = description;
      this.startCommand = startCommand;
    }

    @Override
    public String toString() {
      return description;
    }
  }

  private static final int CONNECT_MILLIS = 2_000;

  /** The cluster {@code args} submit to, if any. */
  static Optional<Cluster> of(List<String> args) {
    Optional<Cluster> cluster = Optional.empty();
    for (String arg : args) {
      if (arg.startsWith("--flinkMaster=")) {
        cluster = address(Kind.FLINK, arg.substring("--flinkMaster=".length()));
      } else if (arg.startsWith("--sparkMaster=spark://")) {
        cluster = address(Kind.SPARK, arg.substring("--sparkMaster=spark://".length()));
      }
    }
    return cluster;
  }

  /** HOST:PORT as a cluster; Flink's {@code [local]}, {@code [auto]} and the like are none. */
  private static Optional<Cluster> address(Kind kind, String address) {
    int colon = address.lastIndexOf(':');
    if (address.startsWith("[") || colon < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Cluster(
              kind, address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  boolean isFlink() {
    return kind == Kind.FLINK;
  }

  /** Refuses, saying how to start it, when nothing listens at the cluster's address. */
  void requireUp() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), CONNECT_MILLIS);
    } catch (IOException e) {
      throw new UsageException(
          "no "
              + kind
              + " answers at "
              + host
              + ":"
              + port
              + "; start the local one"
              + " with '"
              + kind.startCommand
              + "', or point the profile at yours");
    }
  }

  /** The web UI and REST address. */
  String url() {
    return "http://" + host + ":" + port;
  }
}
