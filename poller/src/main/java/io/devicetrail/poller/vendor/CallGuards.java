package io.devicetrail.poller.vendor;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vendor's limits and our protection of it, around every single HTTP request (retries
 * included): a resilience4j {@link RateLimiter} (requests started per second), a {@link Bulkhead}
 * (requests open at once) and a {@link CircuitBreaker} (no requests while the API is down).
 */
final class CallGuards {
  private static final Logger LOG = LoggerFactory.getLogger(CallGuards.class);
  // Waiting for a permit is how the limit is applied; the worker has nothing better to do.
  private static final Duration PERMIT_WAIT = Duration.ofDays(1);

  private final RateLimiter rateLimiter;
  private final Bulkhead bulkhead;
  private final CircuitBreaker breaker;
  private final Duration openFor;
  private volatile long openedAtNanos;

  CallGuards(VendorApiConfig config) {
    this.openFor = config.breakerOpenFor();
    this.rateLimiter =
        config.maxRequestsPerSecond() > 0 ? rateLimiter(config.maxRequestsPerSecond()) : null;
    this.bulkhead =
        config.maxInFlight() > 0
            ? Bulkhead.of(
                "vendor-api",
                BulkheadConfig.custom()
                    .maxConcurrentCalls(config.maxInFlight())
                    .maxWaitDuration(PERMIT_WAIT)
                    .writableStackTraceEnabled(false)
                    .build())
            : null;
    this.breaker =
        CircuitBreaker.of(
            "vendor-api",
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(config.breakerWindow())
                .minimumNumberOfCalls(config.breakerWindow())
                .failureRateThreshold(50)
                .waitDurationInOpenState(config.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(Math.min(5, config.breakerWindow()))
                .writableStackTraceEnabled(false)
                .build());
    breaker
        .getEventPublisher()
        .onStateTransition(
            e -> {
              if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAtNanos = System.nanoTime();
                LOG.warn(
                    "vendor API looks down (most recent requests failed): no requests for {}",
                    openFor);
              } else if (e.getStateTransition().getToState() == CircuitBreaker.State.CLOSED) {
                LOG.info("vendor API answers again: circuit breaker closed");
              }
            });
  }

  private static RateLimiter rateLimiter(double perSecond) {
    // Refill in tenths of a second so that the limit holds over short windows too.
    int perTick = (int) Math.max(1, Math.round(perSecond / 10));
    long tickNanos = Math.max(1_000_000, Math.round(perTick * 1e9 / perSecond));
    return RateLimiter.of(
        "vendor-api",
        RateLimiterConfig.custom()
            .limitForPeriod(perTick)
            .limitRefreshPeriod(Duration.ofNanos(tickNanos))
            .timeoutDuration(PERMIT_WAIT)
            .writableStackTraceEnabled(false)
            .build());
  }

  /** A permission to make one request; {@link #done} must follow. */
  void acquire() throws InterruptedException, TransientFault {
    if (rateLimiter != null && !rateLimiter.acquirePermission()) {
      checkInterrupt();
      throw new TransientFault("client rate limit: no permit", null);
    }
    if (!breaker.tryAcquirePermission()) {
      throw new TransientFault("vendor API considered down (circuit breaker open)", null);
    }
    if (bulkhead != null) {
      try {
        bulkhead.acquirePermission();
      } catch (RuntimeException e) {
        breaker.releasePermission();
        checkInterrupt();
        throw new TransientFault("too many requests in flight", null);
      }
    }
  }

  /**
   * The request ended; {@code apiFailure} tells the breaker that it failed for a reason that means
   * the API is down (5xx, timeout, connection error), as opposed to answers it gave on purpose.
   */
  void done(long startedNanos, boolean apiFailure, Throwable failure) {
    if (bulkhead != null) {
      bulkhead.onComplete();
    }
    long took = System.nanoTime() - startedNanos;
    if (apiFailure) {
      breaker.onError(took, TimeUnit.NANOSECONDS, failure);
    } else {
      breaker.onSuccess(took, TimeUnit.NANOSECONDS);
    }
  }

  /** Milliseconds the open breaker still refuses requests; 0 when it lets them through. */
  long pauseMillis() {
    if (breaker.getState() != CircuitBreaker.State.OPEN) {
      return 0;
    }
    long left = openFor.toNanos() - (System.nanoTime() - openedAtNanos);
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(left));
  }

  CircuitBreaker.State breakerState() {
    return breaker.getState();
  }

  private static void checkInterrupt() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted while waiting for a request permit");
    }
  }
}
