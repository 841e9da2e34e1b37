package dev.kappa.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The few calls of Flink's REST API that {@code kappa stop} needs: find a running job by name, stop
 * it with a savepoint, cancel it. The API is Flink's documented, versioned interface, so Kappa
 * needs no Flink client classes for it.
 */
final class FlinkRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final long POLL_MILLIS = 500;

  private final String url;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  FlinkRest(String url) {
    this.url = url;
  }

  /** The id of the running (or restarting) job named {@code name}, if there is one. */
  Optional<String> activeJob(String name) throws IOException {
    for (JsonNode job : call("GET", "/jobs/overview", null).path("jobs")) {
      String state = job.path("state").asText();
      if (job.path("name").asText().equals(name)
          && !state.equals("FINISHED")
          && !state.equals("CANCELED")
          && !state.equals("FAILED")) {
        return Optional.of(job.path("jid").asText());
      }
    }
    return Optional.empty();
  }

  /** A job as the cluster's REST API describes it; the last checkpoint's time if one completed. */
  record Job(String id, String state, long uptimeMillis, Optional<Instant> lastCheckpoint) {
    /** A job that is not running as it should: failed, failing or restarting. */
    boolean unhealthy() {
      return state.equals("FAILED") || state.equals("FAILING") || state.equals("RESTARTING");
    }
  }

  /**
   * The newest job named {@code name}, whatever its state (a running one before any that ended):
   * {@code kappa status} shows it.
   */
  Optional<Job> newestJob(String name) throws IOException {
    JsonNode newest = null;
    for (JsonNode job : call("GET", "/jobs/overview", null).path("jobs")) {
      if (job.path("name").asText().equals(name)
          && (newest == null
              || ended(newest) && !ended(job)
              || ended(newest) == ended(job)
                  && job.path("start-time").asLong() > newest.path("start-time").asLong())) {
        newest = job;
      }
    }
    if (newest == null) {
      return Optional.empty();
    }
    String id = newest.path("jid").asText();
    JsonNode completed =
        call("GET", "/jobs/" + id + "/checkpoints", null).path("latest").path("completed");
    Optional<Instant> checkpoint =
        completed.has("latest_ack_timestamp")
            ? Optional.of(Instant.ofEpochMilli(completed.path("latest_ack_timestamp").asLong()))
            : Optional.empty();
    return Optional.of(
        new Job(id, newest.path("state").asText(), newest.path("duration").asLong(), checkpoint));
  }

  private static boolean ended(JsonNode job) {
    String state = job.path("state").asText();
    return state.equals("FINISHED") || state.equals("CANCELED") || state.equals("FAILED");
  }

  /** Stops {@code job} with a savepoint in {@code directory} (the cluster's default if null). */
  String stopWithSavepoint(String job, String directory, Duration timeout) throws IOException {
    String body =
        JSON.createObjectNode().put("drain", false).put("targetDirectory", directory).toString();
    String trigger = call("POST", "/jobs/" + job + "/stop", body).path("request-id").asText();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode status = call("GET", "/jobs/" + job + "/savepoints/" + trigger, null);
      if (status.path("status").path("id").asText().equals("COMPLETED")) {
        JsonNode operation = status.path("operation");
        if (operation.has("failure-cause")) {
          throw new IOException(
              "the savepoint failed: "
                  + operation
                      .path("failure-cause")
                      .path("stack-trace")
                      .asText()
                      .lines()
                      .findFirst()
                      .orElse("no reason given"));
        }
        return operation.path("location").asText();
      }
      pause();
    }
    throw new IOException("the savepoint of job " + job + " did not complete in " + timeout);
  }

  void cancel(String job) throws IOException {
    call("PATCH", "/jobs/" + job + "?mode=cancel", null);
  }

  private JsonNode call(String method, String path, String body) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + path))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while calling Flink at " + url, e);
    }
    if (response.statusCode() >= 300) {
      throw new IOException(
          "Flink at "
              + url
              + " answered "
              + method
              + " "
              + path
              + " with "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
  }

  private static void pause() throws IOException {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a savepoint", e);
    }
  }
}
