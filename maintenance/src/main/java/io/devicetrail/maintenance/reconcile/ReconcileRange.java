package io.devicetrail.maintenance.reconcile;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What reconcile recomputes: the hours in {@code [from, to)} (whole UTC hours) and the whole UTC
 * days they touch. A day's row is always recomputed from the whole day's readings, so asking for a
 * few hours also rewrites their day.
 */
public record ReconcileRange(Instant from, Instant to) {

  public ReconcileRange {
    Objects.requireNonNull(from, "from cannot be null");
    Objects.requireNonNull(to, "to cannot be null");
    if (!from.equals(from.truncatedTo(ChronoUnit.HOURS))
        || !to.equals(to.truncatedTo(ChronoUnit.HOURS))) {
      throw new IllegalArgumentException(
          "Reconcile recomputes whole hours: from and to must be on the hour, got "
              + from
              + " and "
              + to);
    }
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from must be before to, got " + from + " and " + to);
    }
  }

  /** {@code 2026-11-20} (its 00:00Z) or an instant on the hour, {@code 2026-11-20T06:00:00Z}. */
  public static Instant parseTime(String text) {
    try {
      return text.contains("T")
          ? Instant.parse(text)
          : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "Not a UTC date (2026-11-20) or instant (2026-11-20T06:00:00Z): " + text);
    }
  }

  /** The UTC days the range touches, in order. */
  public List<LocalDate> days() {
    List<LocalDate> days = new ArrayList<>();
    LocalDate last = LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC);
    for (LocalDate d = LocalDate.ofInstant(from, ZoneOffset.UTC);
        !d.isAfter(last);
        d = d.plusDays(1)) {
      days.add(d);
    }
    return days;
  }

  boolean containsHour(Instant hourStart) {
    return !hourStart.isBefore(from) && hourStart.isBefore(to);
  }
}
