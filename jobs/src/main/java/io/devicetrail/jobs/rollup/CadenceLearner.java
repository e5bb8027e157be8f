package io.devicetrail.jobs.rollup;

import java.util.Arrays;

/**
 * Learns a device's rhythm from what it sends (CONTRACT §6).
 *
 * <ul>
 *   <li>{@code learned_interval_s}, the sampling interval: the median of the last {@value
 *       #INTERVAL_SAMPLES} gaps between consecutive new readings (by {@code ts}), once at least
 *       {@value #MIN_INTERVAL_SAMPLES} are known; a missed sample or a reboot is one odd gap and
 *       does not move a median. Snapped to whole seconds below a minute, to 5 s above.
 *   <li>{@code learned_upload_gap_s}, the usual time between uploads. An upload is a burst of
 *       readings fetched together: a reading whose {@code fetched_at} is more than the burst window
 *       after the first reading of the current upload starts the next one. The gap is the median of
 *       the last {@value #UPLOAD_SAMPLES} differences between the {@code fetched_at} of consecutive
 *       uploads, once at least {@value #MIN_UPLOAD_SAMPLES} are known; a poller outage merges
 *       uploads into one long sample, which a median ignores. Snapped to 10 s above a minute, to
 *       whole minutes above 10 minutes (poll rounds add jitter of tens of seconds).
 *   <li>{@code last_upload_at} is the {@code fetched_at} of the latest upload, so that {@code
 *       next_upload_due_at = last_upload_at + learned_upload_gap_s} is on the same clock as the
 *       {@code now()} that {@code device_status} compares it with. An upload is known from its
 *       first reading, so the cadence is published once per upload, not once per reading.
 * </ul>
 */
final class CadenceLearner {

  static final int INTERVAL_SAMPLES = 15;
  static final int MIN_INTERVAL_SAMPLES = 3;
  static final int UPLOAD_SAMPLES = 9;
  static final int MIN_UPLOAD_SAMPLES = 2;
  static final long NONE = Long.MIN_VALUE;

  final int[] intervalGapsS = new int[INTERVAL_SAMPLES];
  int intervalSamples;
  int intervalNext;
  final int[] uploadGapsS = new int[UPLOAD_SAMPLES];
  int uploadSamples;
  int uploadNext;

  /** 0 while unknown. */
  int learnedIntervalS;

  /** 0 while unknown. */
  int learnedUploadGapS;

  /** {@code fetched_at} of the first reading of the latest upload, or {@link #NONE}. */
  long lastUploadAtMs = NONE;

  /**
   * Learns from a reading newer than every reading of the device before it.
   *
   * @param previousNewestMs the device's newest {@code ts} before this reading, or {@link #NONE}
   * @param fetchedAtMs the reading's {@code fetched_at}, or {@link #NONE}
   * @return whether the published cadence changed (a new upload, or a new learned value)
   */
  boolean onNewestReading(long tsMs, long previousNewestMs, long fetchedAtMs, long burstWindowMs) {
    boolean changed = false;
    if (previousNewestMs != NONE) {
      long gapS = Math.round((tsMs - previousNewestMs) / 1000.0);
      if (gapS > 0 && gapS <= Integer.MAX_VALUE) {
        intervalGapsS[intervalNext] = (int) gapS;
        intervalNext = (intervalNext + 1) % INTERVAL_SAMPLES;
        intervalSamples = Math.min(intervalSamples + 1, INTERVAL_SAMPLES);
        if (intervalSamples >= MIN_INTERVAL_SAMPLES) {
          int learned = snapInterval(median(intervalGapsS, intervalSamples));
          changed |= learned != learnedIntervalS;
          learnedIntervalS = learned;
        }
      }
    }
    if (fetchedAtMs != NONE && startsUpload(fetchedAtMs, burstWindowMs)) {
      if (lastUploadAtMs != NONE && fetchedAtMs > lastUploadAtMs) {
        long gapS = Math.round((fetchedAtMs - lastUploadAtMs) / 1000.0);
        if (gapS > 0 && gapS <= Integer.MAX_VALUE) {
          uploadGapsS[uploadNext] = (int) gapS;
          uploadNext = (uploadNext + 1) % UPLOAD_SAMPLES;
          uploadSamples = Math.min(uploadSamples + 1, UPLOAD_SAMPLES);
          if (uploadSamples >= MIN_UPLOAD_SAMPLES) {
            learnedUploadGapS = snapUploadGap(median(uploadGapsS, uploadSamples));
          }
        }
      }
      lastUploadAtMs = fetchedAtMs;
      changed = true;
    }
    return changed;
  }

  /** {@code last_upload_at + learned_upload_gap_s}, or {@link #NONE} while either is unknown. */
  long nextUploadDueAtMs() {
    return lastUploadAtMs == NONE || learnedUploadGapS == 0
        ? NONE
        : lastUploadAtMs + learnedUploadGapS * 1000L;
  }

  private boolean startsUpload(long fetchedAtMs, long burstWindowMs) {
    return lastUploadAtMs == NONE
        || fetchedAtMs < lastUploadAtMs
        || fetchedAtMs - lastUploadAtMs > burstWindowMs;
  }

  /** The lower median of the first {@code n} values. */
  static int median(int[] values, int n) {
    int[] sorted = Arrays.copyOf(values, n);
    Arrays.sort(sorted);
    return sorted[(n - 1) / 2];
  }

  static int snapInterval(int seconds) {
    return seconds < 60 ? seconds : roundTo(seconds, 5);
  }

  static int snapUploadGap(int seconds) {
    if (seconds < 60) {
      return seconds;
    }
    return seconds < 600 ? roundTo(seconds, 10) : roundTo(seconds, 60);
  }

  private static int roundTo(int seconds, int step) {
    return (int) Math.max(step, Math.round(seconds / (double) step) * step);
  }
}
