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
 */
public record VendorApiConfig(
    URI baseUri,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration maxRetryAfter) {

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

    public VendorApiConfig build() {
      return new VendorApiConfig(
          baseUri,
          connectTimeout,
          requestTimeout,
          maxAttempts,
          initialBackoff,
          maxBackoff,
          maxRetryAfter);
    }
  }
}
