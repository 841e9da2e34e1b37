package dev.kappa.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The project's own service scripts ({@code runners-config/local/NAME start|stop}) as tests run
 * them: on free ports and with data under {@code target/}, configured by the scripts' environment
 * variables, exactly as a user could.
 */
public final class LocalScripts {
  private static final long TIMEOUT_SECONDS = 600;

  private LocalScripts() {}

  /** The repository root: the nearest folder above the working directory with runners-config. */
  public static Path repository() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(dir.resolve("runners-config"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  /**
   * Runs {@code runners-config/local/SCRIPT COMMAND} with {@code environment}, its output shown as
   * the test's; fails unless 0, with the script's last lines in the message.
   */
  public static void run(String script, String command, Map<String, String> environment) {
    Path path = repository().resolve("runners-config/local/" + script);
    ProcessBuilder builder =
        new ProcessBuilder("bash", path.toString(), command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    try {
      Path output = Files.createTempFile(script + "-" + command, ".log");
      builder.redirectOutput(output.toFile());
      Process process = builder.start();
      boolean ended = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<String> lines = Files.readAllLines(output);
      Files.delete(output);
      lines.forEach(System.out::println);
      if (!ended || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "runners-config/local/"
                + script
                + " "
                + command
                + (ended ? " failed" : " timed out")
                + "; its last lines:\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size())));
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not run runners-config/local/" + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running runners-config/local/" + script, e);
    }
  }

  /**
   * Kills (SIGKILL) the process whose id a script wrote to {@code pidFile}: a crash, not a stop.
   */
  public static void kill(Path pidFile) {
    try {
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      ProcessHandle process =
          ProcessHandle.of(pid)
              .orElseThrow(() -> new IllegalStateException(pid + " is not running"));
      process.destroyForcibly();
      process.onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not kill the process in " + pidFile, e);
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }
}
