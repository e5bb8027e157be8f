package io.devicetrail.poller.testing;

import io.devicetrail.simulator.SimClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The simulator's clock as a {@link Clock}, so that the poller's fetched_at is simulated time. */
public final class SimulatedTime extends Clock {
  private final SimClock clock;

  public SimulatedTime(SimClock clock) {
    this.clock = clock;
  }

  @Override
  public Instant instant() {
    return clock.now();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
