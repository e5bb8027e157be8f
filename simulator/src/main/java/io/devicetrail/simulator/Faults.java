package io.devicetrail.simulator;

import java.time.Duration;

/**
 * Misbehaviour of the vendor API that the poller must survive (CONTRACT §1), all off by default.
 * Which request gets a fault is decided by a hash of the fleet seed and the request's sequence
 * number, so a run with one client thread sees the same faults every time.
 *
 * @param serverErrorRate share of requests answered 500 or 503, in [0, 1]
 * @param throttleRate share of requests answered 429 with {@code Retry-After}, in [0, 1]
 * @param retryAfter the {@code Retry-After} of a 429, whole seconds
 * @param latency added to every answered request
 * @param truncateRate share of 200 answers whose JSON body is cut in half, in [0, 1]
 */
public record Faults(
    double serverErrorRate,
    double throttleRate,
    Duration retryAfter,
    Duration latency,
    double truncateRate) {

  public Faults {
    checkRate("serverErrorRate", serverErrorRate);
    checkRate("throttleRate", throttleRate);
    checkRate("truncateRate", truncateRate);
    if (serverErrorRate + throttleRate > 1) {
      throw new IllegalArgumentException("serverErrorRate + throttleRate must be at most 1");
    }
    if (retryAfter == null || retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must be zero or positive");
    }
    if (latency == null || latency.isNegative()) {
      throw new IllegalArgumentException("latency must be zero or positive");
    }
  }

  public static Faults none() {
    return new Faults(0, 0, Duration.ofSeconds(1), Duration.ZERO, 0);
  }

  public boolean any() {
    return serverErrorRate > 0 || throttleRate > 0 || truncateRate > 0 || !latency.isZero();
  }

  public Faults withServerErrorRate(double rate) {
    return new Faults(rate, throttleRate, retryAfter, latency, truncateRate);
  }

  public Faults withThrottleRate(double rate, Duration retryAfter) {
    return new Faults(serverErrorRate, rate, retryAfter, latency, truncateRate);
  }

  public Faults withLatency(Duration latency) {
    return new Faults(serverErrorRate, throttleRate, retryAfter, latency, truncateRate);
  }

  public Faults withTruncateRate(double rate) {
    return new Faults(serverErrorRate, throttleRate, retryAfter, latency, rate);
  }

  static void checkRate(String name, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(name + " must be within [0, 1], was " + rate);
    }
  }
}
