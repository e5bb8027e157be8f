package io.devicetrail.poller.vendor;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Holds every request of a client back while the vendor has asked us to (429 with Retry-After). A
 * rate limit belongs to the token, not to one device, so one 429 pauses all worker threads rather
 * than letting each of them run into the limit on its own.
 */
final class RateLimitGate {
  private long closedUntilNanos = System.nanoTime();

  synchronized void closeFor(Duration wait) {
    long until = System.nanoTime() + wait.toNanos();
    if (until - closedUntilNanos > 0) {
      closedUntilNanos = until;
    }
  }

  synchronized long remainingMillis() {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(closedUntilNanos - System.nanoTime()));
  }

  void awaitOpen() throws InterruptedException {
    while (true) {
      long remaining;
      synchronized (this) {
        remaining = closedUntilNanos - System.nanoTime();
      }
      if (remaining <= 0) {
        return;
      }
      TimeUnit.NANOSECONDS.sleep(remaining);
    }
  }
}
