package io.devicetrail.poller;

import java.time.Duration;
import java.util.Objects;

/**
 * How the poller schedules its work. Immutable; made by {@link #builder()}, whose defaults suit a
 * production fleet.
 *
 * @param roundInterval time from the start of one round to the start of the next (a round that
 *     takes longer is followed at once by the next)
 * @param concurrency devices polled at the same time (worker threads)
 * @param deviceListInterval how often the device list is fetched again (checked by the poller's
 *     clock at the start of a round)
 * @param pageLimit {@code limit} of signal and activity requests (the API allows up to 5000)
 * @param deviceListPageLimit {@code limit} of device list requests (the API allows up to 1000)
 * @param publishTimeout how long to wait for Kafka to acknowledge a page of records before the page
 *     counts as not acknowledged
 */
public record PollerConfig(
    Duration roundInterval,
    int concurrency,
    Duration deviceListInterval,
    int pageLimit,
    int deviceListPageLimit,
    Duration publishTimeout) {

  public PollerConfig {
    Objects.requireNonNull(roundInterval, "roundInterval cannot be null");
    Objects.requireNonNull(deviceListInterval, "deviceListInterval cannot be null");
    Objects.requireNonNull(publishTimeout, "publishTimeout cannot be null");
    if (roundInterval.isNegative()) {
      throw new IllegalArgumentException("roundInterval cannot be negative: " + roundInterval);
    }
    if (deviceListInterval.isNegative()) {
      throw new IllegalArgumentException(
          "deviceListInterval cannot be negative: " + deviceListInterval);
    }
    if (publishTimeout.isNegative() || publishTimeout.isZero()) {
      throw new IllegalArgumentException("publishTimeout must be positive: " + publishTimeout);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
    }
    if (pageLimit < 1 || pageLimit > 5000) {
      throw new IllegalArgumentException("pageLimit must be within [1, 5000], got " + pageLimit);
    }
    if (deviceListPageLimit < 1 || deviceListPageLimit > 1000) {
      throw new IllegalArgumentException(
          "deviceListPageLimit must be within [1, 1000], got " + deviceListPageLimit);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private Duration roundInterval = Duration.ofSeconds(30);
    private int concurrency = 16;
    private Duration deviceListInterval = Duration.ofMinutes(10);
    private int pageLimit = 1000;
    private int deviceListPageLimit = 1000;
    // Longer than the producer's delivery.timeout.ms (120 s), which fails a send first.
    private Duration publishTimeout = Duration.ofSeconds(150);

    private Builder() {}

    public Builder roundInterval(Duration value) {
      this.roundInterval = value;
      return this;
    }

    public Builder concurrency(int value) {
      this.concurrency = value;
      return this;
    }

    public Builder deviceListInterval(Duration value) {
      this.deviceListInterval = value;
      return this;
    }

    public Builder pageLimit(int value) {
      this.pageLimit = value;
      return this;
    }

    public Builder deviceListPageLimit(int value) {
      this.deviceListPageLimit = value;
      return this;
    }

    public Builder publishTimeout(Duration value) {
      this.publishTimeout = value;
      return this;
    }

    public PollerConfig build() {
      return new PollerConfig(
          roundInterval,
          concurrency,
          deviceListInterval,
          pageLimit,
          deviceListPageLimit,
          publishTimeout);
    }
  }
}
