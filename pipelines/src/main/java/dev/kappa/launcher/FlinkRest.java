package dev.kappa.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The few calls of Flink's REST API that {@code kappa stop} needs: find a running job by name,
 * stop it with a savepoint, cancel it. The API is Flink's documented, versioned interface, so
 * Kappa needs no Flink client classes for it.
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
          && !state.equals("FINISHED") && !state.equals("CANCELED") && !state.equals("FAILED")) {
        return Optional.of(job.path("jid").asText());
      }
    }
    return Optional.empty();
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
              "the savepoint failed: " + operation.path("failure-cause").path("stack-trace")
                  .asText().lines().findFirst().orElse("no reason given"));
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
            .method(method, body == null
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
          "Flink at " + url + " answered " + method + " " + path + " with "
              + response.statusCode() + ": " + response.body());
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
