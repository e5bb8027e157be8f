package io.devicetrail.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when told to (tests). Keeping it at or before the real wall clock, as the
 * contract's timestamp rules expect, is the caller's business.
 */
public final class ManualClock implements SimClock {

  private final AtomicReference<Instant> now;

  public ManualClock(Instant start) {
    if (start == null) throw new IllegalArgumentException("start cannot be null");
    this.now = new AtomicReference<>(start);
  }

  @Override
  public Instant now() {
    return now.get();
  }

  public void set(Instant instant) {
    if (instant == null) throw new IllegalArgumentException("instant cannot be null");
    now.set(instant);
  }

  /** Moves the clock by {@code step} and returns the new time. */
  public Instant advance(Duration step) {
    if (step == null) throw new IllegalArgumentException("step cannot be null");
    return now.updateAndGet(t -> t.plus(step));
  }

  @Override
  public String toString() {
    return "ManualClock[" + now.get() + "]";
  }
}
