package io.devicetrail.poller;

import io.devicetrail.poller.schedule.ScheduleSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * How the poller schedules its work. Immutable; made by {@link #builder()}, whose defaults suit a
 * production fleet.
 *
 * @param roundInterval with fixed scheduling, the time between two polls of a device (v1: one round
 *     of every device every roundInterval); not used by adaptive scheduling
 * @param concurrency devices polled at the same time (worker threads)
 * @param deviceListInterval how often the device list is fetched again (checked by the poller's
 *     clock at the start of a round)
 * @param pageLimit {@code limit} of signal and activity requests (the API allows up to 5000)
 * @param deviceListPageLimit {@code limit} of device list requests (the API allows up to 1000)
 * @param publishTimeout how long to wait for Kafka to acknowledge a page of records before the page
 *     counts as not acknowledged
 * @param adaptive true: per-device adaptive scheduling (see {@link
 *     io.devicetrail.poller.schedule.DeviceTable}); false: every device every roundInterval
 * @param signalIntervalMin floor of the time between signal polls of a device (adaptive)
 * @param signalIntervalMax ceiling of the time between signal polls of a device (adaptive)
 * @param activityIntervalMin floor of the time between activity polls of a device (adaptive)
 * @param activityIntervalMax ceiling of the time between activity polls of a device (adaptive)
 * @param initialSpread new devices (and all devices after a restart) are first polled at a random
 *     moment within this window
 */
public record PollerConfig(
    Duration roundInterval,
    int concurrency,
    Duration deviceListInterval,
    int pageLimit,
    int deviceListPageLimit,
    Duration publishTimeout,
    boolean adaptive,
    Duration signalIntervalMin,
    Duration signalIntervalMax,
    Duration activityIntervalMin,
    Duration activityIntervalMax,
    Duration initialSpread) {

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
    schedule(
        adaptive,
        roundInterval,
        signalIntervalMin,
        signalIntervalMax,
        activityIntervalMin,
        activityIntervalMax,
        initialSpread);
  }

  /** The scheduling part of this config. */
  public ScheduleSettings schedule() {
    return schedule(
        adaptive,
        roundInterval,
        signalIntervalMin,
        signalIntervalMax,
        activityIntervalMin,
        activityIntervalMax,
        initialSpread);
  }

  private static ScheduleSettings schedule(
      boolean adaptive,
      Duration roundInterval,
      Duration signalMin,
      Duration signalMax,
      Duration activityMin,
      Duration activityMax,
      Duration initialSpread) {
    return new ScheduleSettings(
        adaptive,
        roundInterval,
        signalMin,
        signalMax,
        activityMin,
        activityMax,
        initialSpread,
        ScheduleSettings.adaptiveDefaults().failureBackoff());
  }

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private Duration roundInterval = Duration.ofSeconds(30);
    private int concurrency = 16;
    private Duration deviceListInterval = Duration.ofHours(1);
    private int pageLimit = 1000;
    private int deviceListPageLimit = 1000;
    // Longer than the producer's delivery.timeout.ms (120 s), which fails a send first.
    private Duration publishTimeout = Duration.ofSeconds(150);
    private boolean adaptive = true;
    private Duration signalIntervalMin = Duration.ofMinutes(5);
    private Duration signalIntervalMax = Duration.ofMinutes(60);
    private Duration activityIntervalMin = Duration.ofHours(1);
    private Duration activityIntervalMax = Duration.ofHours(24);
    private Duration initialSpread = Duration.ofMinutes(5);

    private Builder() {}

    /** true (default): adaptive per-device scheduling; false: every device every roundInterval. */
    public Builder adaptive(boolean value) {
      this.adaptive = value;
      return this;
    }

    public Builder signalInterval(Duration min, Duration max) {
      this.signalIntervalMin = min;
      this.signalIntervalMax = max;
      return this;
    }

    public Builder activityInterval(Duration min, Duration max) {
      this.activityIntervalMin = min;
      this.activityIntervalMax = max;
      return this;
    }

    public Builder initialSpread(Duration value) {
      this.initialSpread = value;
      return this;
    }

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
          publishTimeout,
          adaptive,
          signalIntervalMin,
          signalIntervalMax,
          activityIntervalMin,
          activityIntervalMax,
          initialSpread);
    }
  }
}
