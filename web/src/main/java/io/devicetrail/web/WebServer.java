package io.devicetrail.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.devicetrail.events.Validator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The support pages over the JDK's HTTP server. Routes: {@code /} fleet, {@code /devices/{id}}
 * device, {@code /devices/{id}/signal.json} chart data, {@code /login}, {@code /logout}, {@code
 * /healthz}. Every page needs a token ({@code Authorization: Bearer}, or the cookie set by {@code
 * /login}); expected refusals are pages with a status and a message, never a stack trace.
 */
public final class WebServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
  static final String COOKIE = "devicetrail_token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Template LOGIN = Template.load("login");
  private static final Template MESSAGE = Template.load("message");

  private final HttpServer server;
  private final ExecutorService executor;
  private final SupportDb db;
  private final TokenBook tokens;

  private WebServer(HttpServer server, ExecutorService executor, SupportDb db, TokenBook tokens) {
    this.server = server;
    this.executor = executor;
    this.db = db;
    this.tokens = tokens;
  }

  /** Starts serving on {@code host:port} (port 0 picks a free one) with {@code threads} workers. */
  public static WebServer start(String host, int port, int threads, SupportDb db, TokenBook tokens)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    WebServer web = new WebServer(server, executor, db, tokens);
    server.createContext("/", web::handle);
    server.setExecutor(executor);
    server.start();
    LOG.info(
        "devicetrail-web listening on http://{}:{}/ ({} tokens)", host, web.port(), tokens.size());
    return web;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) {
    try (ex) {
      try {
        route(ex);
      } catch (PageException e) {
        sendPage(ex, e.status(), e.heading(), e.getMessage(), viewerOrNull(ex));
      } catch (SQLException e) {
        // sqlState and message only: the cause is the database, not this request
        LOG.warn(
            "support database query failed for {}: {} {}",
            ex.getRequestURI().getRawPath(),
            e.getSQLState(),
            e.getMessage());
        sendPage(
            ex,
            503,
            "Support database unavailable",
            "The support database did not answer. Try again in a minute.",
            null);
      } catch (RuntimeException e) {
        LOG.error("unexpected failure serving {}", ex.getRequestURI().getRawPath(), e);
        sendPage(ex, 500, "Something went wrong", "The page could not be built.", null);
      }
    } catch (IOException e) {
      LOG.debug("client went away: {}", e.getMessage());
    }
  }

  private void route(HttpExchange ex) throws IOException, SQLException {
    String path = ex.getRequestURI().getRawPath();
    String method = ex.getRequestMethod();
    if (path.equals("/healthz")) {
      send(ex, 200, "text/plain; charset=utf-8", "ok\n");
      return;
    }
    if (path.equals("/login")) {
      login(ex, method);
      return;
    }
    if (path.equals("/logout")) {
      ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly");
      redirect(ex, "/login");
      return;
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw new PageException(405, "Method not allowed", "These pages only read.");
    }
    Optional<Viewer> viewer = authenticate(ex);
    if (viewer.isEmpty()) {
      String next = ex.getRequestURI().getRawPath();
      String query = ex.getRequestURI().getRawQuery();
      String html =
          LOGIN.render(
              Map.of(
                  "message",
                  "Sign in with your access token to see devices.",
                  "next",
                  query == null ? next : next + "?" + query));
      send(ex, 401, "text/html; charset=utf-8", DevicePage.page("Sign in", null, html));
      return;
    }
    Map<String, String> params = params(ex.getRequestURI().getRawQuery());
    if (path.equals("/")) {
      fleet(ex, viewer.get(), params);
    } else if (path.startsWith("/devices/")) {
      String rest = path.substring("/devices/".length());
      boolean json = rest.endsWith("/signal.json");
      String deviceId = decode(json ? rest.substring(0, rest.length() - 12) : rest);
      if (!Validator.isValidDeviceId(deviceId)) {
        throw new PageException(
            400,
            "Not a device id",
            "\""
                + clip(deviceId)
                + "\" is not a device id: device ids are 1-128 characters of A-Z a-z 0-9 . _ : -");
      }
      if (json) {
        signalJson(ex, viewer.get(), deviceId, params.getOrDefault("window", "48h"));
      } else {
        device(ex, viewer.get(), deviceId);
      }
    } else {
      throw new PageException(404, "No such page", "There is no page at this address.");
    }
  }

  private void fleet(HttpExchange ex, Viewer viewer, Map<String, String> params)
      throws IOException, SQLException {
    FleetPage.Query query = FleetPage.parse(params);
    FleetPage.Data data = db.read(viewer, c -> FleetPage.load(c, query));
    send(ex, 200, "text/html; charset=utf-8", FleetPage.render(data, viewer, Instant.now()));
  }

  private void device(HttpExchange ex, Viewer viewer, String deviceId)
      throws IOException, SQLException {
    DevicePage.Data data =
        db.read(viewer, c -> DevicePage.load(c, deviceId)).orElseThrow(() -> unknown(deviceId));
    send(ex, 200, "text/html; charset=utf-8", DevicePage.render(data, viewer));
  }

  private void signalJson(HttpExchange ex, Viewer viewer, String deviceId, String window)
      throws IOException, SQLException {
    boolean longWindow =
        switch (window) {
          case "48h" -> false;
          case "14d" -> true;
          default -> throw new PageException(400, "Unknown window", "window is 48h or 14d");
        };
    List<SignalPoint> points =
        db.read(
                viewer,
                c -> {
                  Optional<DeviceState> s = DeviceQueries.state(c, deviceId);
                  if (s.isEmpty()) {
                    return Optional.<List<SignalPoint>>empty();
                  }
                  Instant now = s.get().now();
                  Instant end = now.plusSeconds(1);
                  return Optional.of(
                      longWindow
                          ? DeviceQueries.hourly(
                              c, deviceId, now.minus(DevicePage.LONG_WINDOW), end)
                          : DeviceQueries.readings(
                              c, deviceId, now.minus(DevicePage.SHORT_WINDOW), end));
                })
            .orElseThrow(() -> unknown(deviceId));
    ObjectNode root = JSON.createObjectNode();
    root.put("device_id", deviceId);
    root.put("window", window);
    ArrayNode array = root.putArray("points");
    for (SignalPoint p : points) {
      ObjectNode o = array.addObject();
      o.put("ts", p.ts().toString());
      o.put("rssi_dbm", p.rssiDbm());
      if (p.snrDb() == null) {
        o.putNull("snr_db");
      } else {
        o.put("snr_db", p.snrDb());
      }
      o.put("cell_id", p.cellId());
    }
    send(ex, 200, "application/json", JSON.writeValueAsString(root));
  }

  private static PageException unknown(String deviceId) {
    // The same answer for "does not exist" and "belongs to another tenant": nothing leaks.
    return new PageException(
        404, "Unknown device", "No device \"" + deviceId + "\" is visible to you.");
  }

  private void login(HttpExchange ex, String method) throws IOException {
    Map<String, String> params =
        method.equals("POST")
            ? params(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
            : params(ex.getRequestURI().getRawQuery());
    String next = safeNext(params.get("next"));
    String token = params.get("token");
    if (token == null) {
      String html = LOGIN.render(Map.of("message", "", "next", next));
      send(ex, 200, "text/html; charset=utf-8", DevicePage.page("Sign in", null, html));
      return;
    }
    if (tokens.viewerFor(token).isEmpty()) {
      LOG.info("login refused: unknown token");
      String html = LOGIN.render(Map.of("message", "That token is not known.", "next", next));
      send(ex, 401, "text/html; charset=utf-8", DevicePage.page("Sign in", null, html));
      return;
    }
    ex.getResponseHeaders()
        .add("Set-Cookie", COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
    redirect(ex, next);
  }

  /** Only a path on this site: never an open redirect. */
  static String safeNext(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) {
      return "/";
    }
    return next;
  }

  private Optional<Viewer> authenticate(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return tokens.viewerFor(header.substring(7).strip());
    }
    List<String> cookies = ex.getRequestHeaders().get("Cookie");
    if (cookies != null) {
      for (String line : cookies) {
        for (String cookie : line.split(";")) {
          String c = cookie.strip();
          if (c.startsWith(COOKIE + "=")) {
            return tokens.viewerFor(c.substring(COOKIE.length() + 1));
          }
        }
      }
    }
    return Optional.empty();
  }

  private Viewer viewerOrNull(HttpExchange ex) {
    return authenticate(ex).orElse(null);
  }

  private static void sendPage(
      HttpExchange ex, int status, String heading, String message, Viewer viewer) {
    try {
      String body = MESSAGE.render(Map.of("heading", heading, "message", message));
      send(ex, status, "text/html; charset=utf-8", DevicePage.page(heading, viewer, body));
    } catch (IOException e) {
      LOG.debug("client went away: {}", e.getMessage());
    }
  }

  private static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().set("Location", location);
    ex.sendResponseHeaders(303, -1);
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.getResponseHeaders()
        .set(
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'");
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  static Map<String, String> params(String rawQuery) {
    Map<String, String> params = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.putIfAbsent(key, value);
    }
    return params;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new PageException(400, "Malformed address", "The address is not properly encoded.");
    }
  }

  private static String clip(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "…";
  }
}
