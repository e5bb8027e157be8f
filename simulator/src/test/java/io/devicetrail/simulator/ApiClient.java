package io.devicetrail.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** A plain HTTP client of the vendor API, as the poller would be one. */
final class ApiClient {

  static final ObjectMapper JSON = new ObjectMapper();

  record Answer(int status, HttpResponse<byte[]> response) {
    JsonNode json() {
      try {
        return JSON.readTree(response.body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    String body() {
      return new String(response.body(), StandardCharsets.UTF_8);
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI baseUrl;
  private final String authorization;

  /** Sends {@code authorization} as the Authorization header as is; none when null. */
  private ApiClient(URI baseUrl, String authorization) {
    this.baseUrl = baseUrl;
    this.authorization = authorization;
  }

  ApiClient(SimulatorServer server) {
    this(server.baseUrl(), "Bearer " + server.token());
  }

  static ApiClient withAuthorization(SimulatorServer server, String authorization) {
    return new ApiClient(server.baseUrl(), authorization);
  }

  static ApiClient withToken(URI baseUrl, String token) {
    return new ApiClient(baseUrl, "Bearer " + token);
  }

  Answer get(String pathAndQuery) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(Duration.ofSeconds(10));
    if (authorization != null) request.header("Authorization", authorization);
    try {
      HttpResponse<byte[]> response =
          http.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(response.statusCode(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** False when nothing listens any more. */
  boolean canConnect(String pathAndQuery) {
    try {
      get(pathAndQuery);
      return true;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  JsonNode getOk(String pathAndQuery) {
    Answer a = get(pathAndQuery);
    if (a.status() != 200) {
      throw new AssertionError("GET " + pathAndQuery + " answered " + a.status() + ": " + a.body());
    }
    return a.json();
  }

  static String q(Instant t) {
    return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
  }
}
