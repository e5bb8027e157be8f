package io.devicetrail.sql.reports;

import io.devicetrail.simulator.Reading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One rollup row computed in memory by CONTRACT §5's definitions, as the test's stand-in for what
 * the streaming job writes to signal_hourly and signal_daily.
 */
record Rollup(
    String deviceId,
    String tenantId,
    Instant bucketStart,
    int readings,
    Integer expectedReadings,
    double rssiMin,
    double rssiMax,
    double rssiAvg,
    double rssiP10,
    double rssiP50,
    double rssiP90,
    Double snrAvg,
    int cellsSeen,
    int cellChanges,
    Integer batteryMinMv,
    int longestGapS,
    boolean isFinal) {

  /**
   * @param readings the bucket's readings in ts order, at least one
   * @param intervalS the device's reporting interval
   * @param finalBefore buckets ending before this are final (the revision horizon has passed)
   */
  static Rollup of(
      String deviceId,
      String tenantId,
      Instant bucketStart,
      long bucketSeconds,
      List<Reading> readings,
      int intervalS,
      Instant finalBefore) {
    int n = readings.size();
    double[] rssi = readings.stream().mapToDouble(Reading::rssiDbm).sorted().toArray();
    double sum = 0;
    for (double v : rssi) {
      sum += v;
    }
    List<Double> snr = readings.stream().map(Reading::snrDb).filter(Objects::nonNull).toList();
    List<String> cells = readings.stream().map(Reading::cellId).filter(Objects::nonNull).toList();
    int changes = 0;
    for (int i = 1; i < cells.size(); i++) {
      changes += cells.get(i).equals(cells.get(i - 1)) ? 0 : 1;
    }
    long longestGap = 0;
    for (int i = 1; i < n; i++) {
      longestGap =
          Math.max(
              longestGap,
              readings.get(i).ts().getEpochSecond() - readings.get(i - 1).ts().getEpochSecond());
    }
    List<Integer> battery =
        readings.stream().map(Reading::batteryMv).filter(Objects::nonNull).toList();
    return new Rollup(
        deviceId,
        tenantId,
        bucketStart,
        n,
        (int) (bucketSeconds / intervalS),
        rssi[0],
        rssi[n - 1],
        sum / n,
        nearestRank(rssi, 10),
        nearestRank(rssi, 50),
        nearestRank(rssi, 90),
        snr.isEmpty()
            ? null
            : snr.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
        (int) cells.stream().distinct().count(),
        changes,
        battery.isEmpty() ? null : battery.stream().mapToInt(Integer::intValue).min().orElseThrow(),
        (int) longestGap,
        bucketStart.plusSeconds(bucketSeconds).isBefore(finalBefore));
  }

  /** The value at rank ceil(p/100 × n) of the sorted values. */
  static double nearestRank(double[] sorted, int percent) {
    int rank = (sorted.length * percent + 99) / 100;
    return sorted[Math.max(rank, 1) - 1];
  }

  /** Splits readings in ts order into buckets of {@code bucketSeconds} (UTC-aligned). */
  static List<List<Reading>> buckets(List<Reading> readings, long bucketSeconds) {
    List<List<Reading>> buckets = new ArrayList<>();
    long current = Long.MIN_VALUE;
    for (Reading r : readings) {
      long bucket = Math.floorDiv(r.ts().getEpochSecond(), bucketSeconds);
      if (bucket != current) {
        buckets.add(new ArrayList<>());
        current = bucket;
      }
      buckets.get(buckets.size() - 1).add(r);
    }
    return buckets;
  }
}
