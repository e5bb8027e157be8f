package io.devicetrail.jobs.rollup;

/**
 * Where one rollup row (one tier, one bucket) stands: how often it was written, how many readings
 * revised it, and whether it has changes not yet written.
 */
final class RowProgress {

  /** 0 while never written; the revision of the last written row otherwise. */
  int revision;

  /** Readings added after the row was first written. */
  int lateReadings;

  /** Over those late readings, the largest {@code fetched_at - ts} in whole seconds, at least 0. */
  int maxLatenessS;

  /** The bucket has readings the last written row does not show. */
  boolean dirty;

  /** The row was written with {@code is_final} true; it never changes again. */
  boolean finalWritten;

  /** Accounts for one new reading of the bucket. */
  void addReading(int latenessS) {
    if (revision > 0) {
      lateReadings++;
      maxLatenessS = Math.max(maxLatenessS, latenessS);
    }
    dirty = true;
  }

  /**
   * Marks the row written and returns whether its content changed: a rewrite that only flips {@code
   * is_final} keeps the revision number.
   */
  boolean markWritten(boolean isFinal) {
    boolean changed = dirty || revision == 0;
    if (changed) {
      revision++;
    }
    dirty = false;
    finalWritten = isFinal;
    return changed;
  }
}
