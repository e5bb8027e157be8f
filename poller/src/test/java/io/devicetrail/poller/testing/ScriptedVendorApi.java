package io.devicetrail.poller.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server (the JDK's) that speaks the vendor API of CONTRACT §1 from data a test sets:
 * devices, per-device reading and activity JSON (served with since/limit/has_more as the contract
 * says), and scripted faults that answer the next requests to a path before the data does.
 */
public final class ScriptedVendorApi implements AutoCloseable {
  public static final String TOKEN = "test-token-s3cr3t";

  /**
   * One canned answer. With {@code cutAfter} ≥ 0 the server announces the whole body but sends only
   * that many bytes of it.
   */
  public record Canned(
      int status, String body, Map<String, String> headers, long delayMillis, int cutAfter) {
    public static Canned status(int status) {
      return new Canned(status, "{\"error\":\"scripted\"}", Map.of(), 0, -1);
    }

    public static Canned body(String body) {
      return new Canned(200, body, Map.of(), 0, -1);
    }

    public Canned withHeader(String name, String value) {
      Map<String, String> h = new HashMap<>(headers);
      h.put(name, value);
      return new Canned(status, body, h, delayMillis, cutAfter);
    }

    public Canned delayed(long millis) {
      return new Canned(status, body, headers, millis, cutAfter);
    }

    public Canned cutAfter(int bytes) {
      return new Canned(status, body, headers, delayMillis, bytes);
    }
  }

  /** A request as the server saw it. */
  public record Request(String path, Map<String, String> query, String authorization, long nanos) {}

  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(8);
  private final List<String> devices = new CopyOnWriteArrayList<>();
  private final Map<String, List<String>> readings = new ConcurrentHashMap<>();
  private final Map<String, List<String>> activities = new ConcurrentHashMap<>();
  private final Map<String, Deque<Canned>> faults = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private ScriptedVendorApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/", this::handle);
    server.setExecutor(pool);
    server.start();
  }

  public static ScriptedVendorApi start() throws IOException {
    return new ScriptedVendorApi();
  }

  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Adds a device to the list (a JSON object with device_id, tenant_id, …). */
  public ScriptedVendorApi device(String deviceJson) {
    devices.add(deviceJson);
    return this;
  }

  public ScriptedVendorApi clearDevices() {
    devices.clear();
    return this;
  }

  /** A device with the usual attributes. */
  public static String deviceJson(String id, String tenant) {
    return "{\"device_id\":\""
        + id
        + "\",\"tenant_id\":\""
        + tenant
        + "\",\"model\":\"T1\",\"firmware\":\"1.0.0\",\"config_version\":3,"
        + "\"reporting_interval_s\":300,\"site\":null,\"updated_at\":\"2026-01-01T00:00:00Z\"}";
  }

  /** Appends readings (JSON elements, ts ascending) that the API serves for the device. */
  public ScriptedVendorApi readings(String deviceId, String... elements) {
    readings
        .computeIfAbsent(deviceId, id -> new CopyOnWriteArrayList<>())
        .addAll(List.of(elements));
    return this;
  }

  public ScriptedVendorApi activities(String deviceId, String... elements) {
    activities
        .computeIfAbsent(deviceId, id -> new CopyOnWriteArrayList<>())
        .addAll(List.of(elements));
    return this;
  }

  /** A well-formed reading at {@code ts} with the given rssi. */
  public static String reading(String ts, double rssi) {
    return "{\"ts\":\""
        + ts
        + "\",\"rssi_dbm\":"
        + rssi
        + ",\"snr_db\":7.5,\"rsrp_dbm\":null,\"rsrq_db\":null,\"cell_id\":\"c-1\","
        + "\"lat\":null,\"lon\":null,\"battery_mv\":3600}";
  }

  public static String activity(String eventId, String ts, String type) {
    return "{\"event_id\":\""
        + eventId
        + "\",\"ts\":\""
        + ts
        + "\",\"type\":\""
        + type
        + "\",\"outcome\":\"OK\",\"detail\":{\"by\":\"test\"}}";
  }

  /** The next requests whose path is {@code path} get these answers first, in order. */
  public ScriptedVendorApi failNext(String path, Canned... answers) {
    faults.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).addAll(List.of(answers));
    return this;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public List<Request> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      requests.add(new Request(path, query, auth, System.nanoTime()));
      Deque<Canned> scripted = faults.get(path);
      Canned fault = scripted == null ? null : scripted.pollFirst();
      if (fault != null) {
        if (fault.delayMillis() > 0) {
          sleep(fault.delayMillis());
        }
        if (fault.cutAfter() >= 0) {
          sendCut(exchange, fault);
        } else {
          send(exchange, fault.status(), fault.body(), fault.headers());
        }
        return;
      }
      if (!("Bearer " + TOKEN).equals(auth)) {
        send(exchange, 401, "{\"error\":\"unauthorized\"}", Map.of());
        return;
      }
      String[] parts = path.split("/");
      if (path.equals("/v1/devices")) {
        send(exchange, 200, devicePage(query), Map.of());
      } else if (parts.length == 5 && parts[1].equals("v1") && parts[2].equals("devices")) {
        String id = parts[3];
        boolean known = devices.stream().anyMatch(d -> d.contains("\"device_id\":\"" + id + "\""));
        if (!known) {
          send(exchange, 404, "{\"error\":\"no such device\"}", Map.of());
        } else if (parts[4].equals("signal")) {
          send(exchange, 200, recordPage(id, "readings", readings, query), Map.of());
        } else if (parts[4].equals("activity")) {
          send(exchange, 200, recordPage(id, "events", activities, query), Map.of());
        } else {
          send(exchange, 404, "{}", Map.of());
        }
      } else {
        send(exchange, 404, "{}", Map.of());
      }
    }
  }

  private String devicePage(Map<String, String> query) {
    int from = Integer.parseInt(query.getOrDefault("cursor", "0"));
    int limit = Integer.parseInt(query.getOrDefault("limit", "1000"));
    int to = Math.min(devices.size(), from + limit);
    String next = to < devices.size() ? "\"" + to + "\"" : "null";
    return "{\"devices\":["
        + String.join(",", devices.subList(from, to))
        + "],\"next_cursor\":"
        + next
        + "}";
  }

  private static String recordPage(
      String id, String field, Map<String, List<String>> data, Map<String, String> query) {
    Instant since = query.containsKey("since") ? Instant.parse(query.get("since")) : null;
    int limit = Integer.parseInt(query.getOrDefault("limit", "1000"));
    List<String> page = new ArrayList<>();
    boolean more = false;
    List<String> all = new ArrayList<>(data.getOrDefault(id, List.of()));
    // Served in ts order, as the contract says, whatever order the test added them in.
    all.sort(
        java.util.Comparator.comparing(
            ScriptedVendorApi::tsOf,
            java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())));
    for (String element : all) {
      Instant ts = tsOf(element);
      if (since != null && ts != null && !ts.isAfter(since)) {
        continue;
      }
      if (page.size() == limit) {
        more = true;
        break;
      }
      page.add(element);
    }
    return "{\"device_id\":\""
        + id
        + "\",\""
        + field
        + "\":["
        + String.join(",", page)
        + "],\"has_more\":"
        + more
        + "}";
  }

  private static Instant tsOf(String element) {
    int at = element.indexOf("\"ts\":\"");
    if (at < 0) {
      return null;
    }
    int start = at + 6;
    try {
      return Instant.parse(element.substring(start, element.indexOf('"', start)));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static void send(HttpExchange exchange, int status, String body, Map<String, String> h)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    h.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sendCut(HttpExchange exchange, Canned fault) throws IOException {
    byte[] bytes = fault.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(fault.status(), bytes.length);
    OutputStream out = exchange.getResponseBody();
    out.write(bytes, 0, Math.min(fault.cutAfter(), bytes.length));
    out.flush();
    try {
      out.close();
    } catch (IOException expected) {
      // "insufficient bytes written to stream"
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
