package io.devicetrail.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the vendor device API of CONTRACT §1 from a {@link Fleet}: bearer auth on every request,
 * the device list, a device's signal and activity; 400 for bad parameters, 404 for an unknown
 * device or path, and the configured {@link Faults}.
 */
final class ApiHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

  static final int DEVICES_DEFAULT_LIMIT = 100;
  static final int DEVICES_MAX_LIMIT = 1000;
  static final int SIGNAL_DEFAULT_LIMIT = 1000;
  static final int SIGNAL_MAX_LIMIT = 5000;
  static final int ACTIVITY_DEFAULT_LIMIT = 1000;
  static final int ACTIVITY_MAX_LIMIT = 5000;

  private static final String DEVICES_PATH = "/v1/devices";

  private final Fleet fleet;
  private final byte[] expectedAuthorization;
  private final FaultInjector faults;
  private final AtomicLong requests = new AtomicLong();
  private final Map<String, LongAdder> perDevice;

  ApiHandler(Fleet fleet, String token, FaultInjector faults) {
    this(fleet, token, faults, false);
  }

  ApiHandler(Fleet fleet, String token, FaultInjector faults, boolean countPerDevice) {
    this.fleet = fleet;
    this.expectedAuthorization = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.faults = faults;
    this.perDevice = countPerDevice ? new ConcurrentHashMap<>() : null;
  }

  /** Requests per device id (signal and activity paths), or empty when not counted. */
  Map<String, Long> requestsByDevice() {
    if (perDevice == null) return Map.of();
    Map<String, Long> out = new HashMap<>();
    perDevice.forEach((id, n) -> out.put(id, n.sum()));
    return out;
  }

  private void countDevice(String path) {
    String prefix = DEVICES_PATH + "/";
    if (perDevice == null || !path.startsWith(prefix)) return;
    int slash = path.indexOf('/', prefix.length());
    if (slash > prefix.length()) {
      perDevice
          .computeIfAbsent(path.substring(prefix.length(), slash), id -> new LongAdder())
          .increment();
    }
  }

  long requestCount() {
    return requests.get();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    countDevice(exchange.getRequestURI().getPath());
    try (exchange) {
      Response response = respond(exchange);
      send(exchange, response);
    } catch (IOException e) {
      // The client went away mid-answer; nothing to do for it.
      LOG.debug("could not answer {}: {}", exchange.getRequestURI().getRawPath(), e.toString());
    } catch (RuntimeException e) {
      LOG.error("failed to answer {}", exchange.getRequestURI().getRawPath(), e);
    }
  }

  private Response respond(HttpExchange exchange) {
    if (!authorized(exchange)) {
      return Response.error(401, "unauthorized", "missing or wrong bearer token")
          .withHeader("WWW-Authenticate", "Bearer");
    }
    if (!"GET".equals(exchange.getRequestMethod())) {
      return Response.error(405, "method_not_allowed", "only GET is supported")
          .withHeader("Allow", "GET");
    }
    FaultInjector.Decision fault = faults.next();
    delay();
    if (fault.status() == 429) {
      long seconds = faults.faults().retryAfter().toSeconds();
      return Response.error(429, "too_many_requests", "slow down")
          .withHeader("Retry-After", Long.toString(seconds));
    }
    if (fault.status() != 0) {
      return Response.error(fault.status(), "server_error", "simulated server error");
    }
    Response response;
    try {
      response = route(exchange);
    } catch (BadRequestException e) {
      return Response.error(400, "bad_request", e.getMessage());
    }
    return fault.truncate() && response.status() == 200 ? response.truncated() : response;
  }

  private Response route(HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath();
    QueryParams query = QueryParams.parse(exchange.getRequestURI().getRawQuery());
    Instant now = fleet.clock().now();
    if (DEVICES_PATH.equals(path) || (DEVICES_PATH + "/").equals(path)) {
      return devices(query, now);
    }
    if (path.startsWith(DEVICES_PATH + "/")) {
      String rest = path.substring(DEVICES_PATH.length() + 1);
      int slash = rest.indexOf('/');
      if (slash > 0) {
        String deviceId = rest.substring(0, slash);
        String what = rest.substring(slash + 1);
        if (what.equals("signal") || what.equals("activity")) {
          if (!fleet.contains(deviceId)) {
            return Response.error(
                404, "not_found", "unknown device '" + QueryParams.clip(deviceId) + "'");
          }
          return what.equals("signal")
              ? signal(deviceId, query, now)
              : activity(deviceId, query, now);
        }
      }
    }
    return Response.error(404, "not_found", "no such resource");
  }

  private Response devices(QueryParams query, Instant now) {
    int limit = query.limit(DEVICES_DEFAULT_LIMIT, DEVICES_MAX_LIMIT);
    String cursor = query.get("cursor");
    int from = cursor == null ? 0 : DeviceCursor.decode(cursor, fleet.size());
    int next = (int) Math.min((long) from + limit, fleet.size());
    String nextCursor = next < fleet.size() ? DeviceCursor.encode(next) : null;
    return Response.ok(ApiJson.devices(fleet.devices(from, limit, now), nextCursor));
  }

  private Response signal(String deviceId, QueryParams query, Instant now) {
    int limit = query.limit(SIGNAL_DEFAULT_LIMIT, SIGNAL_MAX_LIMIT);
    Instant since = query.since();
    return Response.ok(ApiJson.signal(deviceId, fleet.signalPage(deviceId, since, limit, now)));
  }

  private Response activity(String deviceId, QueryParams query, Instant now) {
    int limit = query.limit(ACTIVITY_DEFAULT_LIMIT, ACTIVITY_MAX_LIMIT);
    Instant since = query.since();
    return Response.ok(ApiJson.activity(deviceId, fleet.activityPage(deviceId, since, limit, now)));
  }

  private boolean authorized(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    return header != null
        && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expectedAuthorization);
  }

  private void delay() {
    long millis = faults.faults().latency().toMillis();
    if (millis <= 0) return;
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (response.headerName() != null) {
      exchange.getResponseHeaders().set(response.headerName(), response.headerValue());
    }
    byte[] body = response.body();
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** One answer: status, JSON body, at most one extra header. */
  record Response(int status, byte[] body, String headerName, String headerValue) {

    static Response ok(byte[] body) {
      return new Response(200, body, null, null);
    }

    static Response error(int status, String error, String message) {
      return new Response(status, ApiJson.error(error, message), null, null);
    }

    Response withHeader(String name, String value) {
      return new Response(status, body, name, value);
    }

    /** The first half of the body: malformed JSON with a consistent Content-Length. */
    Response truncated() {
      return new Response(
          status, Arrays.copyOf(body, Math.max(1, body.length / 2)), headerName, headerValue);
    }
  }
}
