package io.devicetrail.jobs.rollup;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the rollup operator keeps about one device besides its hours' readings: the device's
 * own clock (newest {@code ts}), when it last sent something, which hours it holds, the progress of
 * its daily rows, its cell numbers, and its learned cadence.
 */
final class DeviceState {

  static final long NONE = Long.MIN_VALUE;
  static final long DAY_MS = 86_400_000L;

  String tenantId;

  /** The vendor's {@code reporting_interval_s}; 0 while unknown. */
  int vendorIntervalS;

  /** The device's event time: its newest accepted {@code ts}, or {@link #NONE}. */
  long newestTsMs = NONE;

  /** Processing time of the last accepted reading (or of the first input at all). */
  long lastArrivalMs;

  /** The one processing-time timer registered for the device, or 0. */
  long timerAtMs;

  /** Hours held in state (epoch hours), ascending. */
  final SortedLongs hours;

  /** Hours with readings their row does not show yet. */
  final SortedLongs dirtyHours;

  /** Days that are not final yet, ascending by {@link DayRow#dayIndex}. */
  final List<DayRow> days;

  final CellDictionary cells;

  final CadenceLearner cadence;

  DeviceState() {
    this(
        new SortedLongs(),
        new SortedLongs(),
        new ArrayList<>(),
        new CellDictionary(),
        new CadenceLearner());
  }

  DeviceState(
      SortedLongs hours,
      SortedLongs dirtyHours,
      List<DayRow> days,
      CellDictionary cells,
      CadenceLearner cadence) {
    this.hours = hours;
    this.dirtyHours = dirtyHours;
    this.days = days;
    this.cells = cells;
    this.cadence = cadence;
  }

  static long dayIndexOf(long tsMs) {
    return Math.floorDiv(tsMs, DAY_MS);
  }

  /** The day's row progress, created when missing. */
  DayRow day(long dayIndex) {
    int i = 0;
    while (i < days.size() && days.get(i).dayIndex < dayIndex) {
      i++;
    }
    if (i < days.size() && days.get(i).dayIndex == dayIndex) {
      return days.get(i);
    }
    DayRow created = new DayRow(dayIndex, new RowProgress());
    days.add(i, created);
    return created;
  }

  boolean hasDayRow(long dayIndex) {
    for (DayRow d : days) {
      if (d.dayIndex == dayIndex) {
        return true;
      }
    }
    return false;
  }

  /** Some bucket has readings its row does not show yet. */
  boolean hasUnwrittenChanges() {
    if (!dirtyHours.isEmpty()) {
      return true;
    }
    for (DayRow d : days) {
      if (d.row.dirty) {
        return true;
      }
    }
    return false;
  }

  /** The interval {@code expected_readings} uses: the vendor's, else the learned one; 0 if none. */
  int reportingIntervalS() {
    return vendorIntervalS > 0 ? vendorIntervalS : cadence.learnedIntervalS;
  }

  /**
   * The interval used to tell that a bucket cannot get another reading: the shorter of the known
   * intervals, so that a wrong vendor value or a young learned one closes buckets late rather than
   * early. 0 when none is known.
   */
  long closingIntervalMs() {
    int vendor = vendorIntervalS;
    int learned = cadence.learnedIntervalS;
    int shortest =
        vendor > 0 && learned > 0 ? Math.min(vendor, learned) : Math.max(vendor, learned);
    return shortest * 1000L;
  }

  /** A day's row progress. */
  static final class DayRow {
    final long dayIndex;
    final RowProgress row;

    DayRow(long dayIndex, RowProgress row) {
      this.dayIndex = dayIndex;
      this.row = row;
    }

    long startMs() {
      return dayIndex * DAY_MS;
    }

    long endMs() {
      return startMs() + DAY_MS;
    }
  }
}
