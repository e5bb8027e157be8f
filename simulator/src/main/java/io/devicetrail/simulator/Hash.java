package io.devicetrail.simulator;

/**
 * SplitMix64 mixing: every simulated value is a pure function of (seed, device, purpose, time
 * index), so nothing per device or per reading is stored and any slice of history can be computed
 * directly.
 */
final class Hash {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Hash() {}

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static long of(long key, Salt salt, long a) {
    return mix(mix(key + salt.value) + a * GOLDEN);
  }

  static long of(long key, Salt salt, long a, long b) {
    return mix(of(key, salt, a) + b * GOLDEN);
  }

  /** Uniform in [0, 1). */
  static double unit(long h) {
    return (h >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [-1, 1). */
  static double signed(long h) {
    return unit(h) * 2 - 1;
  }

  /** Uniform in [0, n). */
  static int below(long h, int n) {
    return (int) Long.remainderUnsigned(h, n);
  }

  /** Uniform in [lo, hi]. */
  static long between(long h, long lo, long hi) {
    return lo + Long.remainderUnsigned(h, hi - lo + 1);
  }
}
