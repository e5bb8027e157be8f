package io.devicetrail.simulator;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which requests misbehave (see {@link Faults}). The n-th request's fate is a hash of the
 * seed and n, so a single-threaded client meets the same faults on every run.
 */
final class FaultInjector {

  /** What to do to one request: answer {@code status} instead (0: serve it), cut the body. */
  record Decision(int status, boolean truncate) {
    static final Decision NONE = new Decision(0, false);
  }

  private final Faults faults;
  private final long key;
  private final AtomicLong requests = new AtomicLong();

  FaultInjector(Faults faults, long seed) {
    this.faults = faults;
    this.key = Hash.mix(seed + Salt.FAULT.value);
  }

  Faults faults() {
    return faults;
  }

  Decision next() {
    if (!faults.any()) return Decision.NONE;
    long n = requests.getAndIncrement();
    long h = Hash.of(key, Salt.FAULT, n);
    double u = Hash.unit(h);
    int status = 0;
    if (u < faults.serverErrorRate()) {
      status = (h & 1) == 0 ? 500 : 503;
    } else if (u < faults.serverErrorRate() + faults.throttleRate()) {
      status = 429;
    }
    boolean truncate = Hash.unit(Hash.of(key, Salt.FAULT, n, 1)) < faults.truncateRate();
    return new Decision(status, truncate);
  }
}
