package io.devicetrail.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times and durations in the words support staff read: "2 h 10 min", "~6 h", "2026-11-26 10:05
 * UTC".
 */
public final class Durations {

  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private Durations() {}

  /** Two most significant units, truncated: 2 h 10 min, 3 d 4 h, 12 min, 40 s. */
  public static String precise(Duration d) {
    long s = Math.abs(d.getSeconds());
    long days = s / 86_400;
    long hours = (s % 86_400) / 3_600;
    long minutes = (s % 3_600) / 60;
    if (days > 0) {
      return hours > 0 ? days + " d " + hours + " h" : days + " d";
    }
    if (hours > 0) {
      return minutes > 0 ? hours + " h " + minutes + " min" : hours + " h";
    }
    if (minutes > 0) {
      return minutes + " min";
    }
    return s + " s";
  }

  /** One unit, rounded, for a learned cadence: ~6 h, ~10 min, ~2 d, ~30 s. */
  public static String approx(long seconds) {
    if (seconds < 90) {
      return "~" + seconds + " s";
    }
    if (seconds < 90 * 60) {
      return "~" + Math.round(seconds / 60.0) + " min";
    }
    if (seconds < 36 * 3_600) {
      return "~" + Math.round(seconds / 3_600.0) + " h";
    }
    return "~" + Math.round(seconds / 86_400.0) + " d";
  }

  /** "in 2 h 10 min" for a time after {@code now}, "3 min ago" for one before. */
  public static String relative(Instant when, Instant now) {
    Duration d = Duration.between(now, when);
    return d.isNegative() ? precise(d) + " ago" : "in " + precise(d);
  }

  /** A timestamp as "2026-11-26 10:05 UTC"; "never" for null. */
  public static String utc(Instant when) {
    return when == null ? "never" : UTC.format(when);
  }
}
