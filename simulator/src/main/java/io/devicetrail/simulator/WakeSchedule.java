package io.devicetrail.simulator;

/**
 * When a device connects and when what it recorded becomes visible in the vendor API. All times are
 * epoch seconds.
 *
 * <p>A device wakes at {@code phase + j × period} for every integer j. A wake can fail (network
 * attach times out); then the device sleeps again and retries at the next wake. A sleeping device
 * uploads its buffer at the end of each successful wake's session: an item taken at {@code ts} is
 * visible from the end of the first successful session that ends at or after {@code ts}. An
 * always-connected device's items are visible a fixed few seconds after {@code ts}. Either way
 * visibility is monotonic in {@code ts}, so per device uploads arrive in {@code ts} order and what
 * is visible at any time is a prefix of the device's history.
 */
final class WakeSchedule {

  /** A wake's session: connect, take config and firmware, upload; items up to its end go along. */
  static final long SESSION_S = 30;

  /** Chance that a wake fails; every fourth wake always succeeds, bounding retries to three. */
  static final double FAILURE_RATE = 0.04;

  private final long key;
  private final boolean sleeps;
  private final long period;
  private final long phase;
  private final long uploadDelay;

  WakeSchedule(DeviceProfile p) {
    this.key = p.key();
    this.sleeps = p.sleeps();
    this.period = p.wakePeriodS();
    this.phase = p.wakePhaseS();
    this.uploadDelay = p.uploadDelayS();
  }

  long wakeAt(long j) {
    return phase + j * period;
  }

  boolean failed(long j) {
    return Math.floorMod(j, 4) != 0 && Hash.unit(Hash.of(key, Salt.WAKE_FAILURE, j)) < FAILURE_RATE;
  }

  /** Index of the first wake at or after {@code t}. */
  long firstWakeAtOrAfter(long t) {
    return ceilDiv(t - phase, period);
  }

  /** Index of the first successful wake at or after {@code t}. */
  long firstSuccessfulWakeAtOrAfter(long t) {
    long j = firstWakeAtOrAfter(t);
    while (failed(j)) j++;
    return j;
  }

  /** Index of the last successful wake before wake {@code j}. */
  long previousSuccessfulWake(long j) {
    long i = j - 1;
    while (failed(i)) i--;
    return i;
  }

  /** When an item taken at {@code ts} becomes visible in the API. */
  long visibleAt(long ts) {
    if (!sleeps) {
      return ts + uploadDelay;
    }
    return wakeAt(firstSuccessfulWakeAtOrAfter(ts - SESSION_S)) + SESSION_S;
  }

  /** The largest {@code ts} whose item is visible at {@code now}. */
  long visibleUpTo(long now) {
    if (!sleeps) {
      return now - uploadDelay;
    }
    long j = Math.floorDiv(now - SESSION_S - phase, period);
    while (failed(j)) j--;
    return wakeAt(j) + SESSION_S;
  }

  static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
