package io.devicetrail.web;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar devicetrail-web.jar}: serves the support pages until stopped. */
@Command(
    name = "devicetrail-web",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Support pages (fleet, device) over the support database, read-only and tenant-scoped by its"
          + " row-level security.",
      "Each option can also come from the environment variable named in its default."
    })
public final class WebMain implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(WebMain.class);

  @Option(
      names = "--host",
      defaultValue = "${env:DEVICETRAIL_WEB_HOST:-127.0.0.1}",
      description = "Address to listen on (env DEVICETRAIL_WEB_HOST).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "${env:DEVICETRAIL_WEB_PORT:-8088}",
      description = "Port to listen on; 0 picks a free one (env DEVICETRAIL_WEB_PORT).")
  int port;

  @Option(
      names = "--support-jdbc-url",
      defaultValue =
          "${env:DEVICETRAIL_WEB_SUPPORT_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/devicetrail_support}",
      description = "The support database (env DEVICETRAIL_WEB_SUPPORT_JDBC_URL).")
  String jdbcUrl;

  @Option(
      names = "--user",
      defaultValue = "${env:DEVICETRAIL_WEB_USER:-devicetrail_web}",
      description =
          "Login user: NOINHERIT, member of devicetrail_client and devicetrail_support"
              + " (env DEVICETRAIL_WEB_USER).")
  String user;

  @Option(
      names = "--password-file",
      defaultValue = "${env:DEVICETRAIL_WEB_PASSWORD_FILE}",
      description =
          "File whose first line is the password; none for trust or ~/.pgpass"
              + " (env DEVICETRAIL_WEB_PASSWORD_FILE).")
  Path passwordFile;

  @Option(
      names = "--tokens-file",
      defaultValue = "${env:DEVICETRAIL_WEB_TOKENS_FILE}",
      description =
          "Access tokens, one a line: '<token> support' or '<token> tenant:<id>'"
              + " (env DEVICETRAIL_WEB_TOKENS_FILE).")
  Path tokensFile;

  @Option(
      names = "--threads",
      defaultValue = "${env:DEVICETRAIL_WEB_THREADS:-16}",
      description = "Request threads, at least 4 (env DEVICETRAIL_WEB_THREADS).")
  int threads;

  @Option(
      names = "--queue",
      defaultValue = "${env:DEVICETRAIL_WEB_QUEUE:-64}",
      description =
          "Requests that may wait for a thread; beyond, connections are refused"
              + " (env DEVICETRAIL_WEB_QUEUE).")
  int queue;

  @Option(
      names = "--idle-timeout",
      defaultValue = "${env:DEVICETRAIL_WEB_IDLE_TIMEOUT:-PT30S}",
      description = "A connection idle this long is closed (env DEVICETRAIL_WEB_IDLE_TIMEOUT).")
  java.time.Duration idleTimeout;

  @Option(
      names = "--header-timeout",
      defaultValue = "${env:DEVICETRAIL_WEB_HEADER_TIMEOUT:-PT10S}",
      description =
          "A request that takes longer to arrive is dropped (slow clients)"
              + " (env DEVICETRAIL_WEB_HEADER_TIMEOUT).")
  java.time.Duration headerTimeout;

  @Option(
      names = "--session-ttl",
      defaultValue = "${env:DEVICETRAIL_WEB_SESSION_TTL:-PT8H}",
      description = "A sign-in lasts this long (env DEVICETRAIL_WEB_SESSION_TTL).")
  java.time.Duration sessionTtl;

  @Option(
      names = "--secure-cookies",
      negatable = true,
      defaultValue = "${env:DEVICETRAIL_WEB_SECURE_COOKIES:-false}",
      fallbackValue = "true",
      description =
          "Served over TLS or behind a TLS-terminating proxy: cookies are Secure and the session"
              + " cookie is __Host-devicetrail_session (env DEVICETRAIL_WEB_SECURE_COOKIES).")
  boolean secureCookies;

  @Option(
      names = "--trust-forwarded-headers",
      negatable = true,
      defaultValue = "${env:DEVICETRAIL_WEB_TRUST_FORWARDED_HEADERS:-false}",
      fallbackValue = "true",
      description =
          "Take the client address and scheme from X-Forwarded-For/-Proto or Forwarded: only"
              + " behind a proxy that sets them (env DEVICETRAIL_WEB_TRUST_FORWARDED_HEADERS).")
  boolean trustForwardedHeaders;

  @Option(
      names = "--requests-per-minute-per-token",
      defaultValue = "${env:DEVICETRAIL_WEB_REQUESTS_PER_MINUTE_PER_TOKEN:-600}",
      description = "Rate limit of one token (env DEVICETRAIL_WEB_REQUESTS_PER_MINUTE_PER_TOKEN).")
  int perToken;

  @Option(
      names = "--requests-per-minute-per-address",
      defaultValue = "${env:DEVICETRAIL_WEB_REQUESTS_PER_MINUTE_PER_ADDRESS:-1200}",
      description =
          "Rate limit of one client address (env DEVICETRAIL_WEB_REQUESTS_PER_MINUTE_PER_ADDRESS).")
  int perAddress;

  @Option(
      names = "--logins-per-minute-per-address",
      defaultValue = "${env:DEVICETRAIL_WEB_LOGINS_PER_MINUTE_PER_ADDRESS:-20}",
      description =
          "Sign-in attempts of one client address (env DEVICETRAIL_WEB_LOGINS_PER_MINUTE_PER_ADDRESS).")
  int loginsPerAddress;

  @Option(
      names = "--pool-size",
      defaultValue = "${env:DEVICETRAIL_WEB_POOL_SIZE:-4}",
      description = "Database connections (env DEVICETRAIL_WEB_POOL_SIZE).")
  int poolSize;

  @Option(
      names = "--statement-timeout-ms",
      defaultValue = "${env:DEVICETRAIL_WEB_STATEMENT_TIMEOUT_MS:-10000}",
      description = "Longest a page's query may run (env DEVICETRAIL_WEB_STATEMENT_TIMEOUT_MS).")
  int statementTimeoutMs;

  public static void main(String[] args) {
    System.exit(new CommandLine(new WebMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (jdbcUrl.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
      System.err.println("devicetrail-web: put the password in --password-file, not in the URL");
      return 2;
    }
    if (tokensFile == null) {
      System.err.println(
          "devicetrail-web: --tokens-file (or DEVICETRAIL_WEB_TOKENS_FILE) is required: no page"
              + " is served without a token");
      return 2;
    }
    TokenBook tokens;
    try {
      tokens = TokenBook.read(tokensFile);
    } catch (IllegalArgumentException | java.io.IOException e) {
      System.err.println("devicetrail-web: cannot use the tokens file: " + e.getMessage());
      return 2;
    }
    WebConfig config;
    try {
      WebConfig d = WebConfig.defaults();
      config =
          new WebConfig(
              host,
              port,
              threads,
              queue,
              d.requestBodyLimit(),
              d.responseLimit(),
              idleTimeout,
              headerTimeout,
              sessionTtl,
              secureCookies,
              trustForwardedHeaders,
              perToken,
              perAddress,
              loginsPerAddress,
              java.time.Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      System.err.println("devicetrail-web: " + e.getMessage());
      return 2;
    }
    try (HikariDataSource ds = dataSource(jdbcUrl, user, readPassword(passwordFile), poolSize);
        WebServer server =
            WebServer.start(
                config, new SupportDb(ds, statementTimeoutMs, config.clock()), tokens)) {
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "web-shutdown"));
      stop.await();
      LOG.info("devicetrail-web stopping");
    }
    return 0;
  }

  /** A small pool: read-only, no auto-commit (SupportDb runs one transaction per request). */
  public static HikariDataSource dataSource(String url, String user, String password, int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("support-db");
    config.setJdbcUrl(url);
    config.setUsername(user);
    if (password != null) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    config.setAutoCommit(false);
    config.setReadOnly(true);
    // A page waits at most this long for a connection, then answers 503.
    config.setConnectionTimeout(5_000);
    // Start even when the database is not up yet: pages answer 503 until it is.
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  private static String readPassword(Path file) throws java.io.IOException {
    if (file == null) {
      return null;
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
  }
}
