package dev.kappa.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One system's run as its own process, timed from start to exit (JVM and engine start-up included,
 * as a user lives it), with its peak resident memory read from {@code /proc} while it runs ({@code
 * VmHWM} is the kernel's high-water mark, so the last reading is the peak).
 */
record TimedProcess(int exitCode, double wallSeconds, long peakRssKb, boolean timedOut) {

  /**
   * Runs {@code command}; unless {@code mayBuild}, {@code bin/kappa} uses the bundle as it is, so
   * that sources edited during a benchmark never put a build inside a timed run.
   */
  static TimedProcess run(List<String> command, Path log, long timeoutSeconds, boolean mayBuild)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    ProcessBuilder builder = new ProcessBuilder(command);
    if (!mayBuild) {
      builder.environment().put("KAPPA_SKIP_BUILD", "1");
    }
    Process process =
        builder
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    long peak = 0;
    long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (!process.waitFor(50, TimeUnit.MILLISECONDS)) {
      peak = Math.max(peak, highWaterMarkKb(process.pid()));
      if (System.nanoTime() > deadline) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        return new TimedProcess(-1, timeoutSeconds, peak, true);
      }
    }
    double wall = (System.nanoTime() - start) / 1e9;
    return new TimedProcess(process.exitValue(), wall, peak, false);
  }

  /** The process's peak resident memory so far (kB), 0 once it has ended. */
  static long highWaterMarkKb(long pid) {
    return statusKb(pid, "VmHWM:");
  }

  /** The process's resident memory now (kB), 0 once it has ended. */
  static long residentKb(long pid) {
    return statusKb(pid, "VmRSS:");
  }

  private static long statusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // the process ended between two readings: the previous reading stands
    }
    return 0;
  }
}
