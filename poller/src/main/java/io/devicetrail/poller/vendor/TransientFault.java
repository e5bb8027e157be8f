package io.devicetrail.poller.vendor;

import java.time.Duration;

/**
 * A response worth retrying: 429, 5xx or a body that is not the JSON it should be. Internal to the
 * retry loop; callers see a {@link VendorException} once the retries are spent.
 */
final class TransientFault extends Exception {
  private final Duration retryAfter;

  TransientFault(String message, Duration retryAfter) {
    // Expected and frequent: no stack trace to fill.
    super(message, null, false, false);
    this.retryAfter = retryAfter;
  }

  /** What the server asked us to wait, or null when it did not say. */
  Duration retryAfter() {
    return retryAfter;
  }
}
