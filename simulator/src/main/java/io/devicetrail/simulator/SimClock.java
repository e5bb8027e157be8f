package io.devicetrail.simulator;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The simulated "now" of the fleet: a reading or event is served only once the device has uploaded
 * it by this time. Implementations must be thread-safe.
 */
public interface SimClock {

  Instant now();

  /**
   * This simulated time as a {@link Clock} in UTC, for components that take one (the poller's
   * {@code fetched_at} in a run whose vendor API is this simulator).
   */
  default Clock asClock() {
    SimClock self = this;
    return new Clock() {
      @Override
      public Instant instant() {
        return self.now();
      }

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
          throw new UnsupportedOperationException("simulated time is UTC only");
        }
        return this;
      }
    };
  }

  /** The real wall clock, for runs that need no time travel. */
  static SimClock system() {
    return Instant::now;
  }
}
