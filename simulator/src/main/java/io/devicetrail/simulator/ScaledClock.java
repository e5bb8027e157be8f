package io.devicetrail.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time that starts at {@code start} and runs {@code speed} times faster than real time,
 * but never passes the real wall clock: once it has caught up it runs at 1x. Staying behind the
 * wall clock keeps every served {@code ts} valid against the contract rule "not more than 10
 * minutes after fetched_at", where fetched_at is the poller's real clock.
 */
public final class ScaledClock implements SimClock {

  private final Instant start;
  private final double speed;
  private final Clock real;
  private final Instant realStart;

  public ScaledClock(Instant start, double speed) {
    this(start, speed, Clock.systemUTC());
  }

  /** As {@link #ScaledClock(Instant, double)} with a given wall clock (tests). */
  public ScaledClock(Instant start, double speed, Clock real) {
    if (start == null) throw new IllegalArgumentException("start cannot be null");
    if (real == null) throw new IllegalArgumentException("real clock cannot be null");
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be a positive number, was " + speed);
    }
    this.start = start;
    this.speed = speed;
    this.real = real;
    this.realStart = real.instant();
  }

  /** The demo default: two days behind the wall clock, 60x (catches up after 48 minutes). */
  public static ScaledClock demoDefault() {
    return demoDefault(Clock.systemUTC());
  }

  /** As {@link #demoDefault()}, following the given wall clock (tests). */
  public static ScaledClock demoDefault(Clock wall) {
    return new ScaledClock(wall.instant().minus(Duration.ofDays(2)), 60, wall);
  }

  @Override
  public Instant now() {
    Instant realNow = real.instant();
    long elapsedNanos = Duration.between(realStart, realNow).toNanos();
    Instant scaled = start.plusNanos((long) (elapsedNanos * speed));
    return scaled.isAfter(realNow) ? realNow : scaled;
  }

  /** Whether simulated time has reached the wall clock: from then on it runs at 1x. */
  public boolean caughtUp() {
    Instant realNow = real.instant();
    long elapsedNanos = Duration.between(realStart, realNow).toNanos();
    return !start.plusNanos((long) (elapsedNanos * speed)).isBefore(realNow);
  }

  public Instant start() {
    return start;
  }

  public double speed() {
    return speed;
  }

  @Override
  public String toString() {
    return "ScaledClock[start=" + start + ", speed=" + speed + "]";
  }
}
