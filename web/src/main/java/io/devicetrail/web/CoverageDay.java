package io.devicetrail.web;

import java.time.LocalDate;

/**
 * Readings of one UTC day against the readings expected from the sampling interval; {@code
 * expected} is null when no interval is known, and prorated for the current day.
 */
public record CoverageDay(LocalDate day, long readings, Long expected) {

  /** readings / expected, or null when nothing was expected or the interval is unknown. */
  public Double ratio() {
    return expected == null || expected == 0 ? null : (double) readings / expected;
  }
}
