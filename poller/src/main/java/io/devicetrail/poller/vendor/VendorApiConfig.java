package io.devicetrail.poller.vendor;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the vendor API and how hard to retry it. Immutable; made by {@link #builder(URI)}.
 *
 * <p>Transient faults (5xx, 429, timeouts, connection errors, malformed bodies) are retried up to
 * {@code maxAttempts} times in all, waiting an exponential, jittered backoff from {@code
 * initialBackoff} up to {@code maxBackoff}, or exactly what a 429's {@code Retry-After} asks for
 * when it asks for no more than {@code maxRetryAfter} (a longer demand ends the call instead of
 * holding a worker thread).
 *
 * <p>The vendor's limits: at most {@code maxRequestsPerSecond} requests start per second (0: no
 * limit) and at most {@code maxInFlight} are open at once (0: no limit). A circuit breaker opens
 * when at least half of the last {@code breakerWindow} requests failed with 5xx, a timeout or a
 * connection error; while it is open (for {@code breakerOpenFor}) no request is made, then a few
 * trial requests decide whether it closes again.
 */
public record VendorApiConfig(
    URI baseUri,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration maxRetryAfter,
    double maxRequestsPerSecond,
    int maxInFlight,
    int breakerWindow,
    Duration breakerOpenFor) {

  public VendorApiConfig {
    Objects.requireNonNull(baseUri, "baseUri cannot be null");
    if (baseUri.getScheme() == null || !baseUri.getScheme().startsWith("http")) {
      throw new IllegalArgumentException("baseUri must be an http(s) URL, got " + baseUri);
    }
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(requestTimeout, "requestTimeout");
    requirePositive(initialBackoff, "initialBackoff");
    requirePositive(maxBackoff, "maxBackoff");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter cannot be null");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (!(maxRequestsPerSecond >= 0) || Double.isInfinite(maxRequestsPerSecond)) {
      throw new IllegalArgumentException(
          "maxRequestsPerSecond must be 0 (no limit) or positive, got " + maxRequestsPerSecond);
    }
    if (maxInFlight < 0) {
      throw new IllegalArgumentException("maxInFlight must be 0 (no limit) or positive");
    }
    if (breakerWindow < 2) {
      throw new IllegalArgumentException("breakerWindow must be at least 2, got " + breakerWindow);
    }
    requirePositive(breakerOpenFor, "breakerOpenFor");
  }

  public static Builder builder(URI baseUri) {
    return new Builder(baseUri);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name + " cannot be null");
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }

  /** Defaults suit a real vendor API over the internet. */
  public static final class Builder {
    private final URI baseUri;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int maxAttempts = 5;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private double maxRequestsPerSecond = 0;
    private int maxInFlight = 0;
    private int breakerWindow = 50;
    private Duration breakerOpenFor = Duration.ofSeconds(30);

    private Builder(URI baseUri) {
      this.baseUri = baseUri;
    }

    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    public Builder requestTimeout(Duration value) {
      this.requestTimeout = value;
      return this;
    }

    public Builder maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    public Builder initialBackoff(Duration value) {
      this.initialBackoff = value;
      return this;
    }

    public Builder maxBackoff(Duration value) {
      this.maxBackoff = value;
      return this;
    }

    public Builder maxRetryAfter(Duration value) {
      this.maxRetryAfter = value;
      return this;
    }

    /** Requests started per second at most; 0 (default) for no limit. */
    public Builder maxRequestsPerSecond(double value) {
      this.maxRequestsPerSecond = value;
      return this;
    }

    /** Requests open at once at most; 0 (default) for no limit. */
    public Builder maxInFlight(int value) {
      this.maxInFlight = value;
      return this;
    }

    /** How many of the last requests the circuit breaker judges (default 50). */
    public Builder breakerWindow(int value) {
      this.breakerWindow = value;
      return this;
    }

    /** How long the open circuit breaker stops all requests (default 30 s). */
    public Builder breakerOpenFor(Duration value) {
      this.breakerOpenFor = value;
      return this;
    }

    public VendorApiConfig build() {
      return new VendorApiConfig(
          baseUri,
          connectTimeout,
          requestTimeout,
          maxAttempts,
          initialBackoff,
          maxBackoff,
          maxRetryAfter,
          maxRequestsPerSecond,
          maxInFlight,
          breakerWindow,
          breakerOpenFor);
    }
  }
}
