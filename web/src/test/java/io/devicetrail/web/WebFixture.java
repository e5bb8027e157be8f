package io.devicetrail.web;

import com.zaxxer.hikari.HikariDataSource;
import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.PostgresOptions;
import io.devicetrail.sql.Migrations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Real PostgreSQL with the real support migrations, a login user made the way V4 says (NOINHERIT,
 * member of devicetrail_client and devicetrail_support), and the web server on a free port with one
 * token for support and one per tenant.
 */
final class WebFixture implements AutoCloseable {

  static final String DB = "support";
  static final String SUPPORT_TOKEN = "support-token-" + random();
  static final String ACME_TOKEN = "acme-token-" + random();
  static final String GLOBEX_TOKEN = "globex-token-" + random();

  final LocalPostgres postgres;
  final HikariDataSource dataSource;
  final WebServer server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private WebFixture(LocalPostgres postgres, HikariDataSource dataSource, WebServer server) {
    this.postgres = postgres;
    this.dataSource = dataSource;
    this.server = server;
  }

  static WebFixture start(Path dataDir) throws Exception {
    return start(dataDir, WebConfig.defaults().withPort(0));
  }

  /** As above, serving with {@code config} (its clock is also the database's devicetrail.now). */
  static WebFixture start(Path dataDir, WebConfig config) throws Exception {
    LocalPostgres postgres = LocalPostgres.start(dataDir, PostgresOptions.fastForTests());
    try {
      postgres.createDatabaseIfMissing(DB);
      Migrations.migrateSupport(postgres.jdbcUrl(DB), postgres.user(), postgres.password());
      String password = random();
      try (Connection c = postgres.connect("postgres");
          Statement s = c.createStatement()) {
        s.execute(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'web_pages')"
                + " THEN CREATE ROLE web_pages LOGIN; END IF; END $$");
        s.execute("ALTER ROLE web_pages NOINHERIT PASSWORD '" + password + "'");
        s.execute("GRANT devicetrail_client, devicetrail_support TO web_pages");
      }
      HikariDataSource ds = WebMain.dataSource(postgres.jdbcUrl(DB), "web_pages", password, 4);
      TokenBook tokens =
          TokenBook.parse(
              List.of(
                  SUPPORT_TOKEN + " support",
                  ACME_TOKEN + " tenant:acme",
                  GLOBEX_TOKEN + " tenant:globex"),
              "test tokens");
      WebServer server = WebServer.start(config, new SupportDb(ds, 10_000, config.clock()), tokens);
      WebFixture fixture = new WebFixture(postgres, ds, server);
      fixture.tokenBook = tokens;
      return fixture;
    } catch (Exception | Error e) {
      postgres.close();
      throw e;
    }
  }

  private final List<WebServer> extraServers = new java.util.ArrayList<>();
  private TokenBook tokenBook;

  /** Another server over the same database and tokens, with {@code config}; closed with this. */
  WebServer serve(WebConfig config) throws Exception {
    WebServer extra =
        WebServer.start(config, new SupportDb(dataSource, 10_000, config.clock()), tokenBook);
    extraServers.add(extra);
    return extra;
  }

  /** A superuser connection for writing test rows, as the job would. */
  Connection admin() throws SQLException {
    return postgres.connect(DB);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  HttpResponse<String> get(String path, String token, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A form POST (redirects not followed), with extra headers as name, value pairs. */
  HttpResponse<String> post(String path, String form, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url(path)))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded");
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(
        b.POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Signs in through the form as a browser would (GET the form, POST it with its cookie) and
   * returns the session cookie as {@code name=value}.
   */
  String signIn(String token) throws Exception {
    LoginForm form = loginForm();
    HttpResponse<String> r =
        post(
            "/login",
            "token=" + token + "&next=%2F&csrf=" + form.csrf(),
            "Cookie",
            form.cookie(),
            "Origin",
            url(""));
    if (r.statusCode() != 303) {
      throw new AssertionError("sign-in answered " + r.statusCode() + ": " + r.body());
    }
    String setCookie =
        r.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith(server.sessionCookieName() + "="))
            .findFirst()
            .orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  /** The sign-in form's hidden csrf value and the cookie that goes with it. */
  record LoginForm(String cookie, String csrf) {}

  LoginForm loginForm() throws Exception {
    HttpResponse<String> form = get("/login", null);
    String setCookie = form.headers().firstValue("Set-Cookie").orElseThrow();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
    if (!m.find()) {
      throw new AssertionError("no csrf field in the sign-in form");
    }
    return new LoginForm(setCookie.substring(0, setCookie.indexOf(';')), m.group(1));
  }

  @Override
  public void close() {
    try {
      extraServers.forEach(WebServer::close);
      server.close();
    } finally {
      try {
        dataSource.close();
      } finally {
        postgres.close();
      }
    }
  }

  private static String random() {
    byte[] b = new byte[12];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
