package io.devicetrail.jobs.rollup;

import io.devicetrail.connectors.warehouse.model.RollupTier;
import io.devicetrail.connectors.warehouse.model.SignalRollup;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Computes one whole rollup row from a bucket's retained hours, with the definitions of CONTRACT §5
 * (see {@link SignalRollup}). An hourly row is built from its one hour, a daily row from the day's
 * hours; both walk the readings in {@code ts} order.
 */
final class RollupRowBuilder {

  private RollupRowBuilder() {}

  /**
   * @param hours the bucket's hours, ascending, together holding at least one reading
   * @param row the row's progress, already marked written for this revision
   * @param intervalS the reporting interval for {@code expected_readings}, 0 when unknown
   */
  static SignalRollup build(
      RollupTier tier,
      String deviceId,
      String tenantId,
      long bucketStartMs,
      List<HourBucket> hours,
      RowProgress row,
      int intervalS,
      Instant updatedAt) {
    int n = 0;
    for (HourBucket h : hours) {
      n += h.size;
    }
    if (n == 0) {
      throw new IllegalStateException(
          "no readings for " + tier + " bucket " + bucketStartMs + " of device " + deviceId);
    }
    double[] values = new double[n];
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long previousTs = Long.MIN_VALUE;
    long longestGapMs = 0;
    int previousCell = 0;
    int cellChanges = 0;
    Set<Integer> cells = new HashSet<>();
    double snrSum = 0;
    int snrCount = 0;
    int batteryMin = HourBucket.NO_BATTERY;
    int k = 0;
    for (HourBucket h : hours) {
      for (int i = 0; i < h.size; i++) {
        double v = h.rssi[i];
        values[k++] = v;
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
        long ts = h.tsMs(i);
        if (previousTs != Long.MIN_VALUE) {
          longestGapMs = Math.max(longestGapMs, ts - previousTs);
        }
        previousTs = ts;
        int cell = h.cells[i]; // the device's number for the cell, 0 for none
        if (cell != 0) {
          if (previousCell != 0 && previousCell != cell) {
            cellChanges++;
          }
          previousCell = cell;
          cells.add(cell);
        }
      }
      snrSum += h.snrSum;
      snrCount += h.snrCount;
      if (h.batteryMinMv != HourBucket.NO_BATTERY
          && (batteryMin == HourBucket.NO_BATTERY || h.batteryMinMv < batteryMin)) {
        batteryMin = h.batteryMinMv;
      }
    }
    Arrays.sort(values);
    return new SignalRollup(
        tier,
        Objects.requireNonNull(deviceId),
        tenantId,
        Instant.ofEpochMilli(bucketStartMs),
        n,
        intervalS > 0 ? (int) (tier.bucketSeconds() / intervalS) : null,
        min,
        max,
        sum / n,
        nearestRank(values, 10),
        nearestRank(values, 50),
        nearestRank(values, 90),
        snrCount > 0 ? snrSum / snrCount : null,
        cells.size(),
        cellChanges,
        batteryMin == HourBucket.NO_BATTERY ? null : batteryMin,
        (int) (longestGapMs / 1000),
        row.lateReadings,
        row.maxLatenessS,
        row.revision,
        row.finalWritten,
        updatedAt);
  }

  /** The value at rank ⌈p/100 × n⌉ (1-based) of the sorted values, in integer arithmetic. */
  static double nearestRank(double[] sorted, int percentile) {
    int n = sorted.length;
    int rank = (int) ((percentile * (long) n + 99) / 100);
    return sorted[Math.max(rank, 1) - 1];
  }
}
