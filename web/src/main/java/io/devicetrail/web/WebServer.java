package io.devicetrail.web;

import io.devicetrail.web.api.ApiRoutes;
import io.devicetrail.web.http.Exchange;
import io.devicetrail.web.http.HttpProblem;
import io.devicetrail.web.http.PlainErrorHandler;
import io.devicetrail.web.http.RateLimits;
import io.devicetrail.web.http.SecurityHeaders;
import io.devicetrail.web.http.SlowRequestGuard;
import io.github.bucket4j.TimeMeter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The support pages and the read API on Jetty 12: a bounded thread pool and queue, request and
 * answer size limits, idle and slow-request timeouts, rate limits per token and per client address,
 * sessions in HttpOnly SameSite=Strict cookies, security headers on every answer.
 *
 * <p>Routes: {@code /} fleet, {@code /devices/{id}} device, {@code /devices/{id}/signal.json} chart
 * data, {@code GET /login} the form, {@code POST /login} sign in, {@code POST /logout}, {@code
 * /healthz}, and {@code /api/v1/...} ({@link ApiRoutes}). Pages take a session cookie or {@code
 * Authorization: Bearer}; the API takes only the latter. A token is never accepted in an address.
 */
public final class WebServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
  private static final Template LOGIN = Template.load("login");
  private static final Template MESSAGE = Template.load("message");
  private static final String HTML = "text/html; charset=utf-8";
  private static final int FORM_LIMIT = 4096;

  /**
   * A path on this site: printable URL characters only (a tab or a newline, which browsers drop,
   * could turn {@code /\t/evil.example} into {@code //evil.example}), and not {@code //} or {@code
   * /\} at the start (another host).
   */
  private static final Pattern SAFE_PATH =
      Pattern.compile("/(?![/\\\\])[A-Za-z0-9\\-._~!$&'()*+,;=:@%/?]*");

  private final Server server;
  private final ServerConnector connector;
  private final WebConfig config;
  private final SupportDb db;
  private final TokenBook tokens;
  private final io.devicetrail.web.http.Sessions sessions;
  private final RateLimits limits;
  private final ApiRoutes api;
  private final String sessionCookie;
  private final String loginCookie;

  private WebServer(WebConfig config, SupportDb db, TokenBook tokens) {
    this.config = config;
    this.db = db;
    this.tokens = tokens;
    this.sessions = new io.devicetrail.web.http.Sessions(config.sessionTtl(), config.clock());
    this.limits = new RateLimits(clockMeter(config.clock()));
    this.api = new ApiRoutes(db, tokens, config.clock());
    // __Host-: the browser keeps the cookie only if Secure, Path=/ and no Domain, so no other
    // host (a sibling subdomain) can plant or read it.
    this.sessionCookie =
        config.secureCookies() ? "__Host-devicetrail_session" : "devicetrail_session";
    this.loginCookie = config.secureCookies() ? "__Host-devicetrail_login" : "devicetrail_login";

    QueuedThreadPool pool =
        new QueuedThreadPool(
            config.threads(),
            Math.min(4, config.threads()),
            60_000,
            0,
            new ArrayBlockingQueue<>(config.queue()),
            null);
    pool.setName("web");
    server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(8 * 1024);
    http.setResponseHeaderSize(8 * 1024);
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setIdleTimeout(config.idleTimeout().toMillis());
    if (config.trustForwardedHeaders()) {
      http.addCustomizer(new ForwardedRequestCustomizer());
    }
    connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(config.host());
    connector.setPort(config.port());
    connector.setIdleTimeout(config.idleTimeout().toMillis());
    connector.setAcceptQueueSize(64);
    connector.addBean(new SlowRequestGuard(config.headerTimeout()));
    server.addConnector(connector);
    server.setErrorHandler(new PlainErrorHandler());
    server.setHandler(
        new SizeLimitHandler(config.requestBodyLimit(), config.responseLimit()) {
          {
            setHandler(
                new Handler.Abstract() {
                  @Override
                  public boolean handle(Request request, Response response, Callback callback) {
                    SecurityHeaders.apply(response.getHeaders());
                    serve(new Exchange(request, response, callback));
                    return true;
                  }
                });
          }
        });
  }

  /** Starts serving as {@code config} says (port 0 picks a free one). */
  public static WebServer start(WebConfig config, SupportDb db, TokenBook tokens)
      throws IOException {
    WebServer web = new WebServer(config, db, tokens);
    try {
      web.server.start();
    } catch (IOException e) {
      web.close();
      throw e;
    } catch (Exception e) {
      web.close();
      throw new IOException("cannot start the web server: " + e.getMessage(), e);
    }
    LOG.info(
        "devicetrail-web listening on http://{}:{}/ ({} tokens)",
        config.host(),
        web.port(),
        tokens.size());
    return web;
  }

  /** Starts on {@code host:port} with the default limits. */
  public static WebServer start(String host, int port, int threads, SupportDb db, TokenBook tokens)
      throws IOException {
    WebConfig d = WebConfig.defaults().withPort(port);
    return start(
        new WebConfig(
            host,
            port,
            Math.max(4, threads),
            d.queue(),
            d.requestBodyLimit(),
            d.responseLimit(),
            d.idleTimeout(),
            d.headerTimeout(),
            d.sessionTtl(),
            d.secureCookies(),
            d.trustForwardedHeaders(),
            d.requestsPerMinutePerToken(),
            d.requestsPerMinutePerAddress(),
            d.loginsPerMinutePerAddress(),
            d.clock()),
        db,
        tokens);
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** The name of the session cookie: {@code __Host-devicetrail_session} with secure cookies. */
  public String sessionCookieName() {
    return sessionCookie;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("web server did not stop cleanly: {}", e.getMessage());
    }
  }

  // ----------------------------------------------------------------------------------- routing

  private void serve(Exchange ex) {
    boolean isApi = ex.rawPath().startsWith("/api/");
    try {
      route(ex, isApi);
    } catch (HttpProblem p) {
      if (isApi) {
        api.sendProblem(ex, p);
      } else {
        p.retryAfterSeconds().ifPresent(s -> ex.header("Retry-After", Long.toString(s)));
        sendPage(ex, p.status(), p.title(), p.getMessage(), null);
      }
    } catch (SQLException e) {
      // sqlState and message only: the cause is the database, not this request
      LOG.warn(
          "support database query failed for {}: {} {}",
          ex.rawPath(),
          e.getSQLState(),
          e.getMessage());
      HttpProblem unavailable =
          new HttpProblem(
              503,
              "Support database unavailable",
              "The support database did not answer. Try again in a minute.");
      if (isApi) {
        api.sendProblem(ex, unavailable);
      } else {
        sendPage(ex, 503, unavailable.title(), unavailable.getMessage(), null);
      }
    } catch (RuntimeException e) {
      LOG.error("unexpected failure serving {}", ex.rawPath(), e);
      HttpProblem failed =
          new HttpProblem(500, "Something went wrong", "The answer could not be built.");
      if (ex.answered()) {
        return;
      }
      if (isApi) {
        api.sendProblem(ex, failed);
      } else {
        sendPage(ex, 500, failed.title(), failed.getMessage(), null);
      }
    }
  }

  private void route(Exchange ex, boolean isApi) throws SQLException {
    String path = ex.rawPath();
    String method = ex.method();
    if (path.equals("/healthz")) {
      ex.send(200, "text/plain; charset=utf-8", "ok\n");
      return;
    }
    if (!isRead(method) && !path.equals("/login") && !path.equals("/logout")) {
      ex.discardBody(); // nothing else takes a body; read it so the connection stays usable
    }
    throttle("address:" + ex.clientAddress(), config.requestsPerMinutePerAddress());
    if (isApi) {
      api.handle(ex, bearer(ex), this::throttleToken);
      return;
    }
    switch (path) {
      case "/login" -> {
        if (method.equals("POST")) {
          signIn(ex);
        } else if (isRead(method)) {
          loginForm(ex);
        } else {
          throw new PageException(405, "Method not allowed", "Sign in with the form.");
        }
        return;
      }
      case "/logout" -> {
        if (!method.equals("POST")) {
          throw new PageException(405, "Method not allowed", "Sign out with the button.");
        }
        signOut(ex);
        return;
      }
      default -> {}
    }
    if (!isRead(method)) {
      throw new PageException(405, "Method not allowed", "These pages only read.");
    }
    Optional<Signed> signed = signedIn(ex);
    if (signed.isEmpty()) {
      String query = ex.rawQuery();
      String next = query == null ? path : path + "?" + query;
      String csrf = newLoginForm(ex);
      String html =
          LOGIN.render(
              Map.of(
                  "message",
                  "Sign in with your access token to see devices.",
                  "next",
                  safeNext(next),
                  "csrf",
                  csrf));
      sendHtml(ex, 401, DevicePage.page("Sign in", null, html), null);
      return;
    }
    throttleToken(signed.get().tokenKey());
    Viewer viewer = signed.get().viewer();
    if (path.equals("/")) {
      FleetPage.Query query = FleetPage.parse(ex.query());
      FleetPage.Data data =
          db.read(viewer, c -> FleetPage.load(c, query, config.clock().instant()));
      sendHtml(ex, 200, FleetPage.render(data, viewer, config.clock().instant()), signed.get());
    } else if (path.startsWith("/devices/")) {
      String rest = path.substring("/devices/".length());
      boolean json = rest.endsWith("/signal.json");
      String deviceId =
          Exchange.decode(json ? rest.substring(0, rest.length() - "/signal.json".length()) : rest);
      if (!io.devicetrail.events.Validator.isValidDeviceId(deviceId)) {
        throw new PageException(
            400,
            "Not a device id",
            "\""
                + clip(deviceId)
                + "\" is not a device id: device ids are 1-128 characters of A-Z a-z 0-9 . _ : -");
      }
      if (json) {
        String body =
            SignalJson.render(db, viewer, deviceId, ex.query().getOrDefault("window", "48h"));
        ex.send(200, "application/json", body);
      } else {
        DevicePage.Data data =
            db.read(viewer, c -> DevicePage.load(c, deviceId)).orElseThrow(() -> unknown(deviceId));
        sendHtml(ex, 200, DevicePage.render(data, viewer), signed.get());
      }
    } else {
      throw new PageException(404, "No such page", "There is no page at this address.");
    }
  }

  static PageException unknown(String deviceId) {
    // The same answer for "does not exist" and "belongs to another tenant": nothing leaks.
    return new PageException(
        404, "Unknown device", "No device \"" + deviceId + "\" is visible to you.");
  }

  private static boolean isRead(String method) {
    return method.equals("GET") || method.equals("HEAD");
  }

  // ---------------------------------------------------------------------------- signing in

  /** Who a request speaks for, and which token's budget it spends. */
  private record Signed(Viewer viewer, String tokenKey, String sessionId, String csrf) {}

  private Optional<Signed> signedIn(Exchange ex) {
    String token = bearer(ex);
    if (token != null) {
      return tokens.viewerFor(token).map(v -> new Signed(v, TokenBook.rateKey(token), null, null));
    }
    Optional<String> id = ex.cookie(sessionCookie);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    return sessions
        .find(id.get())
        .map(s -> new Signed(s.viewer(), s.tokenKey(), id.get(), s.csrf()));
  }

  private static String bearer(Exchange ex) {
    String header = ex.header("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).strip();
    }
    return null;
  }

  private void loginForm(Exchange ex) {
    Map<String, String> query = ex.query();
    if (query.containsKey("token")) {
      // Never in an address: it would land in histories, logs and Referer headers.
      throw new PageException(
          400,
          "No tokens in addresses",
          "A token is never accepted in an address. Paste it into the sign-in form.");
    }
    String csrf = newLoginForm(ex);
    String html =
        LOGIN.render(Map.of("message", "", "next", safeNext(query.get("next")), "csrf", csrf));
    sendHtml(ex, 200, DevicePage.page("Sign in", null, html), null);
  }

  /**
   * A fresh sign-in form token, also set as a SameSite=Strict cookie: a form posted from another
   * site carries neither the cookie nor the value, so nobody can sign a victim into their tenant.
   */
  private String newLoginForm(Exchange ex) {
    // The browser's current one if it has one: a page it loads beside the form (its favicon, a
    // second tab) must not replace the value the open form carries.
    Optional<String> current = ex.cookie(loginCookie).filter(v -> v.length() == 43);
    String csrf = current.orElseGet(io.devicetrail.web.http.Sessions::randomId);
    ex.addCookie(cookie(loginCookie, csrf, 1800));
    return csrf;
  }

  private void signIn(Exchange ex) {
    // The form first: a refusal that leaves the body unread makes Jetty close the connection,
    // which a client that reuses connections would meet as a broken next request.
    Map<String, String> form = ex.form(FORM_LIMIT);
    throttle("login:" + ex.clientAddress(), config.loginsPerMinutePerAddress());
    requireSameSite(ex);
    String next = safeNext(form.get("next"));
    String expected = ex.cookie(loginCookie).orElse("");
    if (expected.isEmpty() || !constantTimeEquals(expected, form.getOrDefault("csrf", ""))) {
      throw new PageException(
          403, "Sign-in form expired", "Open the sign-in page again and paste your token there.");
    }
    String token = form.get("token");
    Optional<Viewer> viewer = token == null ? Optional.empty() : tokens.viewerFor(token.strip());
    if (viewer.isEmpty()) {
      LOG.info("login refused: unknown token from {}", ex.clientAddress());
      String csrf = newLoginForm(ex);
      String html =
          LOGIN.render(Map.of("message", "That token is not known.", "next", next, "csrf", csrf));
      sendHtml(ex, 401, DevicePage.page("Sign in", null, html), null);
      return;
    }
    String id = sessions.create(viewer.get(), TokenBook.rateKey(token.strip()));
    ex.addCookie(cookie(sessionCookie, id, config.sessionTtl().toSeconds()));
    ex.addCookie(cookie(loginCookie, "", 0));
    ex.redirect(next);
  }

  private void signOut(Exchange ex) {
    String csrf = ex.form(FORM_LIMIT).getOrDefault("csrf", "");
    requireSameSite(ex);
    Optional<String> id = ex.cookie(sessionCookie);
    if (id.isPresent()) {
      Optional<io.devicetrail.web.http.Sessions.Session> session = sessions.find(id.get());
      if (session.isPresent() && !constantTimeEquals(session.get().csrf(), csrf)) {
        throw new PageException(403, "Sign-out refused", "Use the sign-out button of the page.");
      }
      sessions.end(id.get());
    }
    ex.addCookie(cookie(sessionCookie, "", 0));
    ex.redirect("/login");
  }

  /**
   * A sign-in or sign-out must come from this site's own page: a browser says where a request came
   * from in Sec-Fetch-Site and Origin; a script (no such headers) is let through.
   */
  private static void requireSameSite(Exchange ex) {
    String site = ex.header("Sec-Fetch-Site");
    String origin = ex.header("Origin");
    if ((site != null && !site.equals("same-origin") && !site.equals("none"))
        || (origin != null && !sameOrigin(origin, ex))) {
      LOG.info(
          "refused a cross-site {} {} (Origin {}, Sec-Fetch-Site {}, addressed to {}://{}:{})",
          ex.method(),
          ex.rawPath(),
          origin,
          site,
          ex.scheme(),
          ex.serverName(),
          ex.serverPort());
      throw new PageException(403, "Refused", "Sign in and out from this site's own pages.");
    }
  }

  private static boolean sameOrigin(String origin, Exchange ex) {
    try {
      java.net.URI u = java.net.URI.create(origin);
      int port =
          u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
      return ex.scheme().equalsIgnoreCase(u.getScheme())
          && ex.serverName().equalsIgnoreCase(u.getHost())
          && ex.serverPort() == port;
    } catch (IllegalArgumentException | NullPointerException e) {
      return false;
    }
  }

  private HttpCookie cookie(String name, String value, long maxAgeSeconds) {
    return HttpCookie.build(name, value)
        .path("/")
        .httpOnly(true)
        .sameSite(HttpCookie.SameSite.STRICT)
        .secure(config.secureCookies())
        .maxAge(maxAgeSeconds)
        .build();
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /** Only a path on this site: never an open redirect. */
  static String safeNext(String next) {
    if (next == null || !SAFE_PATH.matcher(next).matches()) {
      return "/";
    }
    return next;
  }

  // ------------------------------------------------------------------------------ rate limits

  private void throttle(String key, int perMinute) {
    OptionalLong wait = limits.tryAcquire(key, perMinute);
    if (wait.isPresent()) {
      LOG.info("rate limit reached for {}", key.startsWith("token:") ? "a token" : key);
      throw HttpProblem.tooManyRequests(wait.getAsLong());
    }
  }

  private void throttleToken(String tokenKey) {
    throttle(tokenKey, config.requestsPerMinutePerToken());
  }

  /** Bucket4j's clock from the server's, so that tests with a fixed clock stay deterministic. */
  private static TimeMeter clockMeter(java.time.Clock clock) {
    return new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
  }

  // ---------------------------------------------------------------------------------- answers

  private void sendHtml(Exchange ex, int status, String html, Signed signed) {
    String logout =
        signed == null || signed.sessionId() == null
            ? ""
            : "<form class=\"logout\" method=\"post\" action=\"/logout\"><input type=\"hidden\""
                + " name=\"csrf\" value=\""
                + Html.escape(signed.csrf())
                + "\"><button type=\"submit\" id=\"sign-out\">Sign out</button></form>";
    ex.send(status, HTML, html.replace("<!--logout-->", logout));
  }

  private void sendPage(Exchange ex, int status, String heading, String message, Viewer viewer) {
    String body = MESSAGE.render(Map.of("heading", heading, "message", message));
    sendHtml(ex, status, DevicePage.page(heading, viewer, body), null);
  }

  private static String clip(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "…";
  }
}
