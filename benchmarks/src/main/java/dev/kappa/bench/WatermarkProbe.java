package dev.kappa.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a running Flink job's event-time progress from Flink's Prometheus reporter: the input
 * watermark of the task that holds the windows (the lowest of its subtasks, which is what fires
 * their on-time results), every {@link #PERIOD_MS} ms on a thread of its own.
 */
final class WatermarkProbe implements AutoCloseable {
  static final long PERIOD_MS = 500;
  private static final Pattern GAUGE = Pattern.compile(
      "^flink_taskmanager_job_task_currentInputWatermark\\{(.*)} (\\S+)$");
  private static final Pattern TASK_NAME = Pattern.compile("task_name=\"([^\"]*)\"");

  /** One reading: when, and the window task's input watermark then (epoch ms). */
  record Reading(long wallMillis, long watermark) {
    long lagMillis() {
      return wallMillis - watermark;
    }
  }

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(1)).build();
  private final URI metrics;
  private final String windowTask;
  private final List<Reading> readings = new ArrayList<>();
  private final Thread thread;
  private volatile boolean stopped;
  private volatile boolean running;

  /** Probes {@code 127.0.0.1:port}; {@code windowTask} is how the window task's name starts. */
  WatermarkProbe(int port, String windowTask) {
    this.metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
    this.windowTask = windowTask;
    this.thread = new Thread(this::probe, "watermark-probe");
    thread.setDaemon(true);
    thread.start();
  }

  private void probe() {
    while (!stopped) {
      OptionalLong watermark = read();
      long now = System.currentTimeMillis();
      if (watermark.isPresent()) {
        synchronized (readings) {
          readings.add(new Reading(now, watermark.getAsLong()));
        }
      }
      try {
        Thread.sleep(PERIOD_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The window task's input watermark now, if the job has one yet. */
  OptionalLong read() {
    String body;
    try {
      body = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return OptionalLong.empty(); // not up yet, or going down
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
    long lowest = Long.MAX_VALUE;
    for (String line : body.split("\n")) {
      Matcher gauge = GAUGE.matcher(line);
      if (!gauge.matches()) {
        continue;
      }
      Matcher name = TASK_NAME.matcher(gauge.group(1));
      if (name.find() && name.group(1).startsWith(windowTask)) {
        running = true;
        lowest = Math.min(lowest, (long) Double.parseDouble(gauge.group(2)));
      }
    }
    // Before the first watermark a task reports Long.MIN_VALUE.
    return lowest != Long.MAX_VALUE && lowest > 0 ? OptionalLong.of(lowest) : OptionalLong.empty();
  }

  /** The readings taken between {@code fromMillis} and {@code toMillis}. */
  List<Reading> between(long fromMillis, long toMillis) {
    synchronized (readings) {
      return readings.stream()
          .filter(r -> r.wallMillis() >= fromMillis && r.wallMillis() <= toMillis).toList();
    }
  }

  /** Whether the window task has reported, that is the job runs (with or without data yet). */
  boolean jobRunning() {
    return running;
  }

  /** The newest watermark read at or before {@code wallMillis}, if any. */
  OptionalLong asOf(long wallMillis) {
    synchronized (readings) {
      return readings.stream().filter(r -> r.wallMillis() <= wallMillis)
          .mapToLong(Reading::watermark).reduce((first, second) -> second);
    }
  }

  /** The newest watermark read, if any. */
  OptionalLong latest() {
    synchronized (readings) {
      return readings.isEmpty() ? OptionalLong.empty()
          : OptionalLong.of(readings.get(readings.size() - 1).watermark());
    }
  }

  /** Every reading as CSV (wall clock, watermark, lag, all in ms), for the lag curve. */
  void writeCsv(Path file) throws IOException {
    List<String> rows = new ArrayList<>(List.of("wall_ms,watermark_ms,lag_ms"));
    synchronized (readings) {
      readings.forEach(r -> rows.add(r.wallMillis() + "," + r.watermark() + "," + r.lagMillis()));
    }
    Files.write(file, rows);
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.interrupt();
    thread.join();
  }
}
