package io.devicetrail.web;

import java.time.Duration;
import java.time.Instant;

/**
 * The status with its reason in words, computed from the same columns and clock as the
 * device_status view: "asleep: uploads every ~6 h, next upload due in 2 h 10 min".
 */
public final class StatusReason {

  /** The view's default upload gap before the job learned one. */
  private static final long DEFAULT_GAP_S = 3_600;

  private StatusReason() {}

  public static String explain(DeviceState d) {
    Instant now = d.now();
    long gapS =
        d.learnedUploadGapS() != null
            ? d.learnedUploadGapS()
            : d.learnedIntervalS() != null ? d.learnedIntervalS() : DEFAULT_GAP_S;
    Instant lastSeen =
        d.lastUploadAt() != null
            ? d.lastUploadAt()
            : d.lastReadingTs() != null ? d.lastReadingTs() : d.lastActivityTs();
    String cadence =
        d.learnedUploadGapS() == null && d.learnedIntervalS() == null
            ? "cadence not learned yet"
            : "uploads every " + Durations.approx(gapS);
    Instant due = d.nextUploadDueAt() != null ? d.nextUploadDueAt() : plus(lastSeen, gapS);
    return switch (d.status()) {
      case UNKNOWN -> "unknown: no reading or activity received yet";
      case SILENT ->
          lastSeen == null
              ? "silent: nothing received yet"
              : "silent: nothing since "
                  + Durations.precise(Duration.between(lastSeen, now))
                  + ", more than 3× its usual gap ("
                  + cadence
                  + ")";
      case OVERDUE ->
          "overdue: "
              + cadence
              + ", next upload was due "
              + Durations.precise(Duration.between(due, now))
              + " ago";
      case AWAKE ->
          isStreaming(d)
              ? "awake: streaming, a reading every "
                  + Durations.approx(d.learnedIntervalS())
                  + ", last upload "
                  + Durations.relative(lastSeen, now)
              : "awake: uploaded " + Durations.relative(lastSeen, now) + ", " + cadence;
      case ASLEEP -> "asleep: " + cadence + ", next upload due " + Durations.relative(due, now);
    };
  }

  private static boolean isStreaming(DeviceState d) {
    long gap = d.learnedUploadGapS() != null ? d.learnedUploadGapS() : DEFAULT_GAP_S;
    return d.learnedIntervalS() != null && gap <= 2L * d.learnedIntervalS();
  }

  private static Instant plus(Instant t, long seconds) {
    return t == null ? null : t.plusSeconds(seconds);
  }
}
