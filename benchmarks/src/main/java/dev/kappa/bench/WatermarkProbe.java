package dev.kappa.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a running Flink job's event-time progress from Flink's Prometheus reporter: the input
 * watermark of the task that holds the windows (the lowest of its subtasks, which is what fires
 * their on-time results), every {@link #PERIOD_MS} ms on a thread of its own; with it the heap the
 * TaskManager uses (the same JVM, embedded) and the process's resident memory.
 */
final class WatermarkProbe implements AutoCloseable {
  static final long PERIOD_MS = 500;
  private static final Pattern GAUGE =
      Pattern.compile("^flink_taskmanager_job_task_currentInputWatermark\\{(.*)} (\\S+)$");
  private static final Pattern TASK_NAME = Pattern.compile("task_name=\"([^\"]*)\"");
  private static final Pattern HEAP_USED =
      Pattern.compile("^flink_taskmanager_Status_JVM_Memory_Heap_Used(?:\\{.*})? (\\S+)$");

  /**
   * One reading: when, the window task's input watermark then (epoch ms), the heap in use and the
   * resident memory (MB; 0 if unknown).
   */
  record Reading(long wallMillis, long watermark, long heapUsedMb, long residentMb) {
    long lagMillis() {
      return wallMillis - watermark;
    }
  }

  /** What one scrape found. */
  private record Scrape(OptionalLong watermark, long heapUsedMb) {}

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final URI metrics;
  private final String windowTask;
  private final long pid;
  private final List<Reading> readings = new ArrayList<>();
  private final Thread thread;
  private volatile boolean stopped;
  private volatile boolean running;

  /**
   * Probes {@code 127.0.0.1:port}; {@code windowTask} is how the window task's name starts, {@code
   * pid} the process whose resident memory is read.
   */
  WatermarkProbe(int port, String windowTask, long pid) {
    this.metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
    this.windowTask = windowTask;
    this.pid = pid;
    this.thread = new Thread(this::probe, "watermark-probe");
    thread.setDaemon(true);
    thread.start();
  }

  private void probe() {
    while (!stopped) {
      Scrape scrape = scrape();
      long now = System.currentTimeMillis();
      if (scrape.watermark().isPresent()) {
        synchronized (readings) {
          readings.add(
              new Reading(
                  now,
                  scrape.watermark().getAsLong(),
                  scrape.heapUsedMb(),
                  TimedProcess.residentKb(pid) / 1024));
        }
      }
      try {
        Thread.sleep(PERIOD_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The window task's input watermark now, if the job has one yet, and the heap in use. */
  private Scrape scrape() {
    String body;
    try {
      body =
          http.send(
                  HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
    } catch (IOException e) {
      return new Scrape(OptionalLong.empty(), 0); // not up yet, or going down
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Scrape(OptionalLong.empty(), 0);
    }
    long lowest = Long.MAX_VALUE;
    long heapUsedMb = 0;
    for (String line : body.split("\n")) {
      Matcher heap = HEAP_USED.matcher(line);
      if (heap.matches()) {
        heapUsedMb = (long) Double.parseDouble(heap.group(1)) >> 20;
        continue;
      }
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
    return new Scrape(
        lowest != Long.MAX_VALUE && lowest > 0 ? OptionalLong.of(lowest) : OptionalLong.empty(),
        heapUsedMb);
  }

  /** The readings taken between {@code fromMillis} and {@code toMillis}. */
  List<Reading> between(long fromMillis, long toMillis) {
    synchronized (readings) {
      return readings.stream()
          .filter(r -> r.wallMillis() >= fromMillis && r.wallMillis() <= toMillis)
          .toList();
    }
  }

  /** Whether the window task has reported, that is the job runs (with or without data yet). */
  boolean jobRunning() {
    return running;
  }

  /** The newest watermark read at or before {@code wallMillis}, if any. */
  OptionalLong asOf(long wallMillis) {
    synchronized (readings) {
      return readings.stream()
          .filter(r -> r.wallMillis() <= wallMillis)
          .mapToLong(Reading::watermark)
          .reduce((first, second) -> second);
    }
  }

  /** The newest watermark read, if any. */
  OptionalLong latest() {
    synchronized (readings) {
      return readings.isEmpty()
          ? OptionalLong.empty()
          : OptionalLong.of(readings.get(readings.size() - 1).watermark());
    }
  }

  /** Every reading. */
  List<Reading> readings() {
    synchronized (readings) {
      return List.copyOf(readings);
    }
  }

  /**
   * Every reading as CSV (wall clock, watermark, lag in ms; heap and resident memory in MB), for
   * the lag curve.
   */
  void writeCsv(Path file) throws IOException {
    List<String> rows = new ArrayList<>(List.of("wall_ms,watermark_ms,lag_ms,heap_mb,rss_mb"));
    readings()
        .forEach(
            r ->
                rows.add(
                    r.wallMillis()
                        + ","
                        + r.watermark()
                        + ","
                        + r.lagMillis()
                        + ","
                        + r.heapUsedMb()
                        + ","
                        + r.residentMb()));
    Files.write(file, rows);
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.interrupt();
    thread.join();
  }
}
