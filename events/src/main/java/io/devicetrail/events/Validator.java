package io.devicetrail.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The validity rules of CONTRACT §2 on decoded events. Stateless and thread-safe; the first broken
 * rule wins so that a dead letter names exactly one reason.
 */
public final class Validator {

  /** How far after {@code fetched_at} a timestamp may lie (device clocks drift). */
  public static final Duration MAX_FUTURE = Duration.ofMinutes(10);

  /** How far before {@code fetched_at} a timestamp may lie. */
  public static final Duration MAX_PAST = Duration.ofDays(400);

  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern ACTIVITY_TYPE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

  private Validator() {}

  public static Optional<Violation> check(SignalReading r) {
    Violation v = checkIdentity(r.deviceId(), r.tenantId());
    if (v == null) v = range(Rule.RSSI_RANGE, "rssi_dbm", r.rssiDbm(), -150, 0);
    if (v == null) v = range(Rule.SNR_RANGE, "snr_db", r.snrDb(), -40, 60);
    if (v == null) v = range(Rule.RSRP_RANGE, "rsrp_dbm", r.rsrpDbm(), -160, -30);
    if (v == null) v = range(Rule.RSRQ_RANGE, "rsrq_db", r.rsrqDb(), -40, 0);
    if (v == null) v = range(Rule.LAT_RANGE, "lat", r.lat(), -90, 90);
    if (v == null) v = range(Rule.LON_RANGE, "lon", r.lon(), -180, 180);
    if (v == null && r.batteryMv() != null) {
      v = range(Rule.BATTERY_RANGE, "battery_mv", r.batteryMv().doubleValue(), 0, 10000);
    }
    if (v == null) v = checkTs(r.ts(), r.fetchedAt());
    return Optional.ofNullable(v);
  }

  public static Optional<Violation> check(DeviceActivity a) {
    Violation v = checkIdentity(a.deviceId(), a.tenantId());
    if (v == null
        && (a.eventId().isEmpty() || a.eventId().length() > 256 || hasControl(a.eventId()))) {
      v = new Violation(Rule.EVENT_ID, "event_id must be 1-256 characters, no control characters");
    }
    if (v == null && !ACTIVITY_TYPE.matcher(a.type()).matches()) {
      v =
          new Violation(
              Rule.ACTIVITY_TYPE, "type '" + clip(a.type()) + "' is not an upper-case word");
    }
    if (v == null && !isOutcome(a.outcome())) {
      v =
          new Violation(
              Rule.ACTIVITY_OUTCOME,
              "outcome '" + clip(a.outcome()) + "' is not one of OK, FAILED, PENDING");
    }
    if (v == null) v = checkTs(a.ts(), a.fetchedAt());
    return Optional.ofNullable(v);
  }

  public static Optional<Violation> check(DeviceSnapshot d) {
    return Optional.ofNullable(checkIdentity(d.deviceId(), d.tenantId()));
  }

  /** True when {@code deviceId} is 1-128 characters of {@code [A-Za-z0-9._:-]}. */
  public static boolean isValidDeviceId(String deviceId) {
    return deviceId != null && DEVICE_ID.matcher(deviceId).matches();
  }

  private static Violation checkIdentity(String deviceId, String tenantId) {
    if (!isValidDeviceId(deviceId)) {
      return new Violation(
          Rule.DEVICE_ID,
          "device_id '" + clip(deviceId) + "' is not 1-128 chars of [A-Za-z0-9._:-]");
    }
    if (tenantId.isBlank() || tenantId.length() > 128 || hasControl(tenantId)) {
      return new Violation(
          Rule.TENANT_ID, "tenant_id must be 1-128 non-blank characters, no control characters");
    }
    return null;
  }

  /** Identities must not carry control characters (PostgreSQL rejects NUL in text, for one). */
  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isOutcome(String outcome) {
    return "OK".equals(outcome) || "FAILED".equals(outcome) || "PENDING".equals(outcome);
  }

  private static Violation checkTs(Instant ts, Instant fetchedAt) {
    if (ts.isAfter(fetchedAt.plus(MAX_FUTURE))) {
      return new Violation(
          Rule.TS_FUTURE, "ts " + ts + " is more than 10 minutes after fetched_at " + fetchedAt);
    }
    if (ts.isBefore(fetchedAt.minus(MAX_PAST))) {
      return new Violation(
          Rule.TS_TOO_OLD, "ts " + ts + " is more than 400 days before fetched_at " + fetchedAt);
    }
    return null;
  }

  private static Violation range(Rule rule, String field, Double value, double min, double max) {
    if (value == null) {
      return null;
    }
    if (value.isNaN() || value < min || value > max) {
      return new Violation(
          rule, field + "=" + value + " outside [" + fmt(min) + ", " + fmt(max) + "]");
    }
    return null;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  static String clip(String s) {
    if (s == null) return "null";
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
