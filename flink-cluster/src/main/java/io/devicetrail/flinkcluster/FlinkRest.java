package io.devicetrail.flinkcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Flink's REST API, the way a platform team drives a session cluster with curl: upload the job jar,
 * run it with program arguments (optionally from a savepoint), watch it, stop it with a savepoint,
 * read its checkpoints, exceptions and metrics. No Flink class is involved, so the test JVM holds
 * no part of the job.
 */
public final class FlinkRest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

  private final URI base;
  private final HttpClient http;

  public FlinkRest(URI base) {
    this.base = base;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public URI base() {
    return base;
  }

  /** How a job is started: its arguments, and the savepoint to resume from, if any. */
  public record Run(
      List<String> programArgs, Optional<String> savepointPath, boolean allowNonRestoredState) {

    public static Run fresh(List<String> programArgs) {
      return new Run(List.copyOf(programArgs), Optional.empty(), false);
    }

    public Run fromSavepoint(String path) {
      return new Run(programArgs, Optional.of(path), allowNonRestoredState);
    }
  }

  /** {@code POST /jars/upload}: the jar id to run it by. */
  public String uploadJar(Path jar) throws IOException {
    String boundary = "devicetrail-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
            + jar.getFileName()
            + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n";
    body.write(head.getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(jar));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    JsonNode answer =
        send(
            HttpRequest.newBuilder(base.resolve("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    String file = answer.path("filename").asText();
    if (file.isEmpty()) {
      throw new IOException("The jar upload was not accepted: " + answer);
    }
    return Path.of(file).getFileName().toString();
  }

  /** {@code POST /jars/:jarid/run}: runs the jar's main class there; the new job's id. */
  public String run(String jarId, Run run) throws IOException {
    ObjectNode request = JSON.createObjectNode();
    request
        .putArray("programArgsList")
        .addAll(
            run.programArgs().stream().map(JSON::valueToTree).map(JsonNode.class::cast).toList());
    run.savepointPath().ifPresent(p -> request.put("savepointPath", p));
    request.put("allowNonRestoredState", run.allowNonRestoredState());
    JsonNode answer = post("/jars/" + jarId + "/run", request);
    String jobId = answer.path("jobid").asText();
    if (jobId.isEmpty()) {
      throw new IOException("Running the jar returned no job id: " + answer);
    }
    return jobId;
  }

  /** {@code GET /jobs/:jobid}. */
  public JsonNode job(String jobId) throws IOException {
    return get("/jobs/" + jobId);
  }

  /** The job's state: CREATED, RUNNING, RESTARTING, FAILED, FINISHED, CANCELED, … */
  public String state(String jobId) throws IOException {
    return job(jobId).path("state").asText();
  }

  /** True once every task of the job runs (not only scheduled). */
  public boolean allTasksRunning(String jobId) throws IOException {
    JsonNode job = job(jobId);
    if (!"RUNNING".equals(job.path("state").asText())) {
      return false;
    }
    for (JsonNode vertex : job.path("vertices")) {
      if (!"RUNNING".equals(vertex.path("status").asText())) {
        return false;
      }
    }
    return true;
  }

  /** {@code GET /jobs/:jobid/checkpoints}: the number of completed checkpoints. */
  public long completedCheckpoints(String jobId) throws IOException {
    return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
  }

  /** The number of times the job restarted after a failure. */
  public long restarts(String jobId) throws IOException {
    return get("/jobs/" + jobId + "/checkpoints").path("counts").path("restored").asLong();
  }

  /** {@code GET /jobs/:jobid/exceptions}: the stack traces of its failures, newest first. */
  public List<String> exceptions(String jobId) throws IOException {
    List<String> traces = new ArrayList<>();
    for (JsonNode entry :
        get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries")) {
      traces.add(entry.path("stacktrace").asText());
    }
    return traces;
  }

  /**
   * {@code POST /jobs/:jobid/stop}, then waits for the savepoint: the job stops once it is written.
   *
   * @return the savepoint's path
   */
  public String stopWithSavepoint(String jobId, String targetDirectory, Duration timeout)
      throws IOException {
    ObjectNode request = JSON.createObjectNode();
    request.put("targetDirectory", targetDirectory);
    request.put("drain", false);
    String trigger = post("/jobs/" + jobId + "/stop", request).path("request-id").asText();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
      if ("COMPLETED".equals(status.path("status").path("id").asText())) {
        JsonNode operation = status.path("operation");
        if (operation.has("failure-cause")) {
          throw new IOException(
              "Stop-with-savepoint failed: "
                  + operation.path("failure-cause").path("stack-trace").asText());
        }
        return operation.path("location").asText();
      }
      sleep(Duration.ofMillis(250));
    }
    throw new IOException("No savepoint of job " + jobId + " within " + timeout);
  }

  /** {@code PATCH /jobs/:jobid?mode=cancel}. */
  public void cancel(String jobId) throws IOException {
    send(
        HttpRequest.newBuilder(base.resolve("/jobs/" + jobId + "?mode=cancel"))
            .method("PATCH", HttpRequest.BodyPublishers.noBody()));
  }

  /**
   * Every metric of every task of the job with its value, summed over subtasks ({@code GET
   * /jobs/:jobid/vertices/:vertexid/subtasks/metrics}), by name without the subtask index: {@code
   * "decode_signal.deadLettered.rssi_dbm.range.count"}.
   */
  public Map<String, Double> jobMetrics(String jobId) throws IOException {
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (JsonNode vertex : job(jobId).path("vertices")) {
      String path =
          "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics";
      List<String> names = new ArrayList<>();
      for (JsonNode metric : get(path)) {
        names.add(metric.path("id").asText());
      }
      // One request per batch of names: a URL stays well under the server's limit.
      for (int from = 0; from < names.size(); from += 40) {
        List<String> batch = names.subList(from, Math.min(names.size(), from + 40));
        String query = String.join(",", batch);
        for (JsonNode metric : get(path + "?agg=sum&get=" + encode(query))) {
          metrics.put(metric.path("id").asText(), metric.path("sum").asDouble());
        }
      }
    }
    return metrics;
  }

  /** {@code GET /taskmanagers}: the number of registered TaskManagers. */
  public int taskManagers() throws IOException {
    return get("/taskmanagers").path("taskmanagers").size();
  }

  /** {@code GET /overview}. */
  public JsonNode overview() throws IOException {
    return get("/overview");
  }

  private JsonNode get(String path) throws IOException {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  private JsonNode post(String path, JsonNode body) throws IOException {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
  }

  private JsonNode send(HttpRequest.Builder request) throws IOException {
    HttpRequest built = request.timeout(REQUEST_TIMEOUT).build();
    HttpResponse<String> response;
    try {
      response = http.send(built, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted: " + built.method() + " " + built.uri(), e);
    }
    JsonNode body =
        response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    if (response.statusCode() >= 300) {
      throw new IOException(
          built.method()
              + " "
              + built.uri().getPath()
              + " answered "
              + response.statusCode()
              + ": "
              + body.path("errors"));
    }
    return body;
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static void sleep(Duration d) throws IOException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted", e);
    }
  }
}
