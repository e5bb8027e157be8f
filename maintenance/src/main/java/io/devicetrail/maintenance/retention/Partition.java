package io.devicetrail.maintenance.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One partition of a range-partitioned support table, with its bounds: {@code from} null for
 * MINVALUE, {@code to} null for MAXVALUE, both null for the default partition.
 */
record Partition(String name, Instant from, Instant to, boolean isDefault) {

  private static final Pattern RANGE =
      Pattern.compile("FOR VALUES FROM \\((MINVALUE|'[^']*')\\) TO \\((MAXVALUE|'[^']*')\\)");

  /** PostgreSQL renders timestamptz bounds in the session's time zone; we read them in UTC. */
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "'(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?)([+-]\\d{2})(?::?(\\d{2}))?'");

  /** The daily partition's name: {@code signal_recent_p20261126}. */
  static String dailyName(String table, LocalDate day) {
    return table + "_p" + day.toString().replace("-", "");
  }

  /** The name of the partition that catches rows outside the others. */
  static String defaultName(String table) {
    return table + "_default";
  }

  /**
   * Reads {@code pg_get_expr(relpartbound, oid)}: {@code DEFAULT} or {@code FOR VALUES FROM (…) TO
   * (…)}; empty for a bound we do not manage (a list or multi-column range).
   */
  static Optional<Partition> parse(String name, String bound) {
    if ("DEFAULT".equals(bound)) {
      return Optional.of(new Partition(name, null, null, true));
    }
    Matcher m = RANGE.matcher(bound);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new Partition(name, instant(m.group(1)), instant(m.group(2)), false));
  }

  private static Instant instant(String literal) {
    if (literal.equals("MINVALUE") || literal.equals("MAXVALUE")) {
      return null;
    }
    Matcher m = TIMESTAMP.matcher(literal);
    if (!m.matches()) {
      throw new IllegalArgumentException("Unexpected partition bound " + literal);
    }
    int hours = Integer.parseInt(m.group(3));
    int minutes = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
    ZoneOffset offset = ZoneOffset.ofHoursMinutes(hours, hours < 0 ? -minutes : minutes);
    return OffsetDateTime.parse(
            m.group(1) + "T" + m.group(2) + offset.getId().replace("Z", "+00:00"))
        .toInstant();
  }

  /** Whether this range partition holds any instant of {@code [start, end)}. */
  boolean overlaps(Instant start, Instant end) {
    return !isDefault && (from == null || from.isBefore(end)) && (to == null || to.isAfter(start));
  }

  /** Every row of this range partition is older than {@code cutoff}. */
  boolean endsBy(Instant cutoff) {
    return !isDefault && to != null && !to.isAfter(cutoff);
  }

  String range() {
    return "[" + (from == null ? "MINVALUE" : from) + ", " + (to == null ? "MAXVALUE" : to) + ")";
  }
}
