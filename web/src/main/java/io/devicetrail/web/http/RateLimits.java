package io.devicetrail.web.http;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets (Bucket4j) per key: a key spends one token a request and the bucket refills its
 * whole capacity over a minute. Keys are {@code token:<hash>}, {@code address:<ip>} and {@code
 * login:<ip>}. The map is bounded: when it grows past its limit it is cleared, which only forgives
 * everyone at once.
 */
public final class RateLimits {

  private static final int MAX_KEYS = 50_000;

  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final TimeMeter time;

  public RateLimits(TimeMeter time) {
    this.time = time;
  }

  /**
   * Spends one request of {@code key}'s budget of {@code perMinute}.
   *
   * @return empty when allowed, else the seconds to wait before the next request is allowed
   */
  public OptionalLong tryAcquire(String key, int perMinute) {
    if (buckets.size() > MAX_KEYS) {
      buckets.clear();
    }
    Bucket bucket =
        buckets.computeIfAbsent(
            key + "/" + perMinute,
            k ->
                Bucket.builder()
                    .addLimit(
                        Bandwidth.builder()
                            .capacity(perMinute)
                            .refillGreedy(perMinute, Duration.ofMinutes(1))
                            .build())
                    .withCustomTimePrecision(time)
                    .build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return OptionalLong.empty();
    }
    long nanos = probe.getNanosToWaitForRefill();
    return OptionalLong.of(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
  }
}
