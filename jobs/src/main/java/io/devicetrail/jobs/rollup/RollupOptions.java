package io.devicetrail.jobs.rollup;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the per-device rollups. Immutable; made by {@link #builder()}, every value checked.
 *
 * <pre>{@code
 * RollupOptions options = RollupOptions.builder()
 *     .inactivityDelay(Duration.ofMinutes(15))
 *     .horizon(Duration.ofDays(7))
 *     .build();
 * }</pre>
 *
 * <p>There is no clock setting: every processing-time decision (the inactivity delay, the idle
 * timeout, {@code updated_at}) uses Flink's timer service, which operator test harnesses drive with
 * {@code setProcessingTime}.
 */
public final class RollupOptions implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Default {@link #inactivityDelay()}: 15 minutes. */
  public static final Duration DEFAULT_INACTIVITY_DELAY = Duration.ofMinutes(15);

  /** Default {@link #horizon()}: 7 days (CONTRACT §6). */
  public static final Duration DEFAULT_HORIZON = Duration.ofDays(7);

  /** Default {@link #uploadBurstWindow()}: 10 seconds. */
  public static final Duration DEFAULT_UPLOAD_BURST_WINDOW = Duration.ofSeconds(10);

  private final Duration inactivityDelay;
  private final Duration horizon;
  private final Duration idleTimeout;
  private final Duration uploadBurstWindow;

  private RollupOptions(Builder b) {
    this.inactivityDelay = b.inactivityDelay;
    this.horizon = b.horizon;
    this.idleTimeout = b.idleTimeout != null ? b.idleTimeout : b.horizon.plusDays(1);
    this.uploadBurstWindow = b.uploadBurstWindow;
    checkPositive(inactivityDelay, "inactivityDelay");
    checkPositive(horizon, "horizon");
    checkPositive(uploadBurstWindow, "uploadBurstWindow");
    if (idleTimeout.compareTo(horizon) < 0) {
      throw new IllegalArgumentException(
          "idleTimeout (" + idleTimeout + ") must not be shorter than horizon (" + horizon + ")");
    }
    if (idleTimeout.compareTo(inactivityDelay) <= 0) {
      throw new IllegalArgumentException(
          "idleTimeout ("
              + idleTimeout
              + ") must be longer than inactivityDelay ("
              + inactivityDelay
              + ")");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** All defaults. */
  public static RollupOptions defaults() {
    return builder().build();
  }

  /**
   * How long a device may be overdue for its next reading (processing time, counted from its last
   * reading's arrival plus its reporting interval) before its still-open buckets are written as
   * provisional rows ({@code is_final} false). Default 15 minutes.
   */
  public Duration inactivityDelay() {
    return inactivityDelay;
  }

  /**
   * The revision horizon, in the device's own event time: a reading older than the device's newest
   * {@code ts} minus the horizon is beyond it (counted, not rolled up), and a bucket whose end is
   * that old is final. Default 7 days.
   */
  public Duration horizon() {
    return horizon;
  }

  /**
   * Processing time without readings after which a silent device's buckets are all written final
   * and its state is dropped. Default {@code horizon + 1 day}: by then the horizon has passed for
   * every bucket of a device whose clock runs with wall time, including the day it fell silent in.
   */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /**
   * Readings whose {@code fetched_at} lies within this window of the first reading of an upload
   * belong to the same upload (the poller fetches one upload as a few pages, seconds apart). Must
   * be shorter than the poller's round interval. Default 10 seconds.
   */
  public Duration uploadBurstWindow() {
    return uploadBurstWindow;
  }

  @Override
  public String toString() {
    return "RollupOptions{inactivityDelay="
        + inactivityDelay
        + ", horizon="
        + horizon
        + ", idleTimeout="
        + idleTimeout
        + ", uploadBurstWindow="
        + uploadBurstWindow
        + '}';
  }

  private static void checkPositive(Duration d, String name) {
    Objects.requireNonNull(d, name + " cannot be null");
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  /** Builder of {@link RollupOptions}; unset values take their defaults. */
  public static final class Builder {
    private Duration inactivityDelay = DEFAULT_INACTIVITY_DELAY;
    private Duration horizon = DEFAULT_HORIZON;
    private Duration idleTimeout;
    private Duration uploadBurstWindow = DEFAULT_UPLOAD_BURST_WINDOW;

    private Builder() {}

    public Builder inactivityDelay(Duration inactivityDelay) {
      this.inactivityDelay =
          Objects.requireNonNull(inactivityDelay, "inactivityDelay cannot be null");
      return this;
    }

    public Builder horizon(Duration horizon) {
      this.horizon = Objects.requireNonNull(horizon, "horizon cannot be null");
      return this;
    }

    /** Defaults to {@code horizon + 1 day} when not set. */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout cannot be null");
      return this;
    }

    public Builder uploadBurstWindow(Duration uploadBurstWindow) {
      this.uploadBurstWindow =
          Objects.requireNonNull(uploadBurstWindow, "uploadBurstWindow cannot be null");
      return this;
    }

    /**
     * @throws IllegalArgumentException when a duration is not positive, or the idle timeout is
     *     shorter than the horizon or not longer than the inactivity delay
     */
    public RollupOptions build() {
      return new RollupOptions(this);
    }
  }
}
