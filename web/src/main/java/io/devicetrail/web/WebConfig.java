package io.devicetrail.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How the web tier serves: where, with how many threads, the limits that keep one client from
 * taking it down, sessions and rate limits. {@link #defaults()} are the documented defaults of
 * {@code devicetrail-web --help}.
 *
 * @param threads request threads (the pool also runs Jetty's acceptor and selector)
 * @param queue requests that may wait for a thread; beyond it a connection is refused
 * @param requestBodyLimit largest request body accepted (the login form), bytes
 * @param responseLimit largest answer written (a long CSV), bytes
 * @param idleTimeout a connection with nothing to read or write is closed after this
 * @param headerTimeout a request whose headers (and body) trickle in for longer is dropped
 * @param sessionTtl a session ends this long after sign-in
 * @param secureCookies the cookies are {@code Secure} and the session cookie's name has the {@code
 *     __Host-} prefix: served over TLS or behind a TLS-terminating proxy
 * @param trustForwardedHeaders the client address and scheme come from {@code X-Forwarded-For} /
 *     {@code Forwarded} (only behind a proxy that sets them)
 * @param requestsPerMinutePerToken requests one token (or its sessions) may make a minute
 * @param requestsPerMinutePerAddress requests one client address may make a minute
 * @param loginsPerMinutePerAddress sign-in attempts one client address may make a minute
 */
public record WebConfig(
    String host,
    int port,
    int threads,
    int queue,
    long requestBodyLimit,
    long responseLimit,
    Duration idleTimeout,
    Duration headerTimeout,
    Duration sessionTtl,
    boolean secureCookies,
    boolean trustForwardedHeaders,
    int requestsPerMinutePerToken,
    int requestsPerMinutePerAddress,
    int loginsPerMinutePerAddress,
    Clock clock) {

  public WebConfig {
    Objects.requireNonNull(host, "host cannot be null");
    Objects.requireNonNull(idleTimeout, "idleTimeout cannot be null");
    Objects.requireNonNull(headerTimeout, "headerTimeout cannot be null");
    Objects.requireNonNull(sessionTtl, "sessionTtl cannot be null");
    Objects.requireNonNull(clock, "clock cannot be null");
    if (threads < 4) {
      throw new IllegalArgumentException("threads must be at least 4, was " + threads);
    }
    if (queue < 1 || requestBodyLimit < 1024 || responseLimit < 1024) {
      throw new IllegalArgumentException("queue, request and response limits must be positive");
    }
    if (requestsPerMinutePerToken < 1
        || requestsPerMinutePerAddress < 1
        || loginsPerMinutePerAddress < 1) {
      throw new IllegalArgumentException("rate limits must be at least 1 a minute");
    }
  }

  /** The defaults, on loopback port 8088. */
  public static WebConfig defaults() {
    return new WebConfig(
        "127.0.0.1",
        8088,
        16,
        64,
        16 * 1024,
        64L * 1024 * 1024,
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        Duration.ofHours(8),
        false,
        false,
        600,
        1200,
        20,
        Clock.systemUTC());
  }

  public WebConfig withPort(int newPort) {
    return new WebConfig(
        host,
        newPort,
        threads,
        queue,
        requestBodyLimit,
        responseLimit,
        idleTimeout,
        headerTimeout,
        sessionTtl,
        secureCookies,
        trustForwardedHeaders,
        requestsPerMinutePerToken,
        requestsPerMinutePerAddress,
        loginsPerMinutePerAddress,
        clock);
  }

  public WebConfig withClock(Clock newClock) {
    return new WebConfig(
        host,
        port,
        threads,
        queue,
        requestBodyLimit,
        responseLimit,
        idleTimeout,
        headerTimeout,
        sessionTtl,
        secureCookies,
        trustForwardedHeaders,
        requestsPerMinutePerToken,
        requestsPerMinutePerAddress,
        loginsPerMinutePerAddress,
        newClock);
  }

  public WebConfig withRateLimits(int perToken, int perAddress, int loginsPerAddress) {
    return new WebConfig(
        host,
        port,
        threads,
        queue,
        requestBodyLimit,
        responseLimit,
        idleTimeout,
        headerTimeout,
        sessionTtl,
        secureCookies,
        trustForwardedHeaders,
        perToken,
        perAddress,
        loginsPerAddress,
        clock);
  }

  public WebConfig withTimeouts(Duration idle, Duration header) {
    return new WebConfig(
        host,
        port,
        threads,
        queue,
        requestBodyLimit,
        responseLimit,
        idle,
        header,
        sessionTtl,
        secureCookies,
        trustForwardedHeaders,
        requestsPerMinutePerToken,
        requestsPerMinutePerAddress,
        loginsPerMinutePerAddress,
        clock);
  }

  public WebConfig withSecureCookies(boolean secure, boolean trustForwarded) {
    return new WebConfig(
        host,
        port,
        threads,
        queue,
        requestBodyLimit,
        responseLimit,
        idleTimeout,
        headerTimeout,
        sessionTtl,
        secure,
        trustForwarded,
        requestsPerMinutePerToken,
        requestsPerMinutePerAddress,
        loginsPerMinutePerAddress,
        clock);
  }
}
