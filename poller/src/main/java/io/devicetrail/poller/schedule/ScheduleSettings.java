package io.devicetrail.poller.schedule;

import java.time.Duration;
import java.util.Objects;

/**
 * How often devices are polled.
 *
 * @param adaptive true: each device is polled when new data is likely (learned upload rhythm,
 *     within the floors and ceilings below); false: every device every {@code fixedInterval}
 * @param fixedInterval time between two polls of a device when not adaptive
 * @param signalMin floor of the time between two signal polls of a device
 * @param signalMax ceiling of the time between two signal polls of a device
 * @param activityMin floor of the time between two activity polls of a device
 * @param activityMax ceiling of the time between two activity polls of a device
 * @param initialSpread a device seen for the first time (or after a restart) is first polled at a
 *     random moment within this window, so that a fleet does not start all at once
 * @param failureBackoff wait after a failed poll; doubled per further failure, at most {@code
 *     signalMax}
 */
public record ScheduleSettings(
    boolean adaptive,
    Duration fixedInterval,
    Duration signalMin,
    Duration signalMax,
    Duration activityMin,
    Duration activityMax,
    Duration initialSpread,
    Duration failureBackoff) {

  public ScheduleSettings {
    Objects.requireNonNull(fixedInterval, "fixedInterval cannot be null");
    requireOrdered(signalMin, signalMax, "signal");
    requireOrdered(activityMin, activityMax, "activity");
    Objects.requireNonNull(initialSpread, "initialSpread cannot be null");
    Objects.requireNonNull(failureBackoff, "failureBackoff cannot be null");
    if (fixedInterval.isNegative() || initialSpread.isNegative() || failureBackoff.isNegative()) {
      throw new IllegalArgumentException("schedule durations cannot be negative");
    }
  }

  /** The defaults of the issue: signal 5–60 min, activity 1–24 h. */
  public static ScheduleSettings adaptiveDefaults() {
    return new ScheduleSettings(
        true,
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        Duration.ofMinutes(60),
        Duration.ofHours(1),
        Duration.ofHours(24),
        Duration.ofMinutes(5),
        Duration.ofSeconds(30));
  }

  /** Every device every {@code interval}, both feeds (the v1 behaviour). */
  public static ScheduleSettings fixed(Duration interval) {
    ScheduleSettings d = adaptiveDefaults();
    return new ScheduleSettings(
        false,
        interval,
        d.signalMin,
        d.signalMax,
        d.activityMin,
        d.activityMax,
        Duration.ZERO,
        d.failureBackoff);
  }

  private static void requireOrdered(Duration min, Duration max, String feed) {
    Objects.requireNonNull(min, feed + " floor cannot be null");
    Objects.requireNonNull(max, feed + " ceiling cannot be null");
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException(
          feed + " interval floor must be positive and at most the ceiling: " + min + " " + max);
    }
  }
}
