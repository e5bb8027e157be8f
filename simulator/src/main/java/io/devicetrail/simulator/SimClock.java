package io.devicetrail.simulator;

import java.time.Instant;

/**
 * The simulated "now" of the fleet: a reading or event is served only once the device has uploaded
 * it by this time. Implementations must be thread-safe.
 */
public interface SimClock {

  Instant now();

  /** The real wall clock, for runs that need no time travel. */
  static SimClock system() {
    return Instant::now;
  }
}
