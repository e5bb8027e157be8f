package io.devicetrail.jobs.rollup;

import io.devicetrail.connectors.warehouse.model.RollupTier;
import io.devicetrail.connectors.warehouse.model.SignalRollup;
import io.devicetrail.events.SignalReading;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The rollups recomputed in batch, the plain way: drop repeated {@code (device_id, ts)}, group by
 * device and UTC bucket, sort by {@code ts}, compute every column of CONTRACT §5. It shares no
 * aggregation code with the streaming operator, so that each checks the other: tests compare the
 * operator's rows with it, the end-to-end test compares the warehouse with it over the Parquet
 * archive, and the reconcile command uses it to recompute a time range.
 *
 * <p>It knows nothing of arrival order, so the bookkeeping columns are fixed: {@code late_readings}
 * 0, {@code max_lateness_s} 0, {@code revision} 1, {@code is_final} false. Compare rows with {@link
 * #differences}, which checks the data columns only.
 */
public final class RollupOracle {

  /** Tolerance for averages (CONTRACT §6: 1e-9); counts, minima, maxima, percentiles are exact. */
  public static final double AVERAGE_TOLERANCE = 1e-9;

  private RollupOracle() {}

  /**
   * Every rollup row of {@code tier} over {@code readings}, ordered by device and bucket.
   *
   * @param readings in any order; of a repeated {@code (device_id, ts)} the first is kept
   * @param intervalOf the device's reporting interval in seconds (vendor, else learned), or null
   * @param updatedAt the {@code updated_at} to put in every row
   */
  public static List<SignalRollup> rollups(
      Collection<SignalReading> readings,
      RollupTier tier,
      Function<String, Integer> intervalOf,
      Instant updatedAt) {
    Map<String, Map<Instant, List<SignalReading>>> byDeviceAndBucket = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (SignalReading r : readings) {
      if (!seen.add(r.deviceId() + "|" + r.ts())) {
        continue;
      }
      byDeviceAndBucket
          .computeIfAbsent(r.deviceId(), d -> new TreeMap<>())
          .computeIfAbsent(bucketStart(tier, r.ts()), b -> new ArrayList<>())
          .add(r);
    }
    List<SignalRollup> rows = new ArrayList<>();
    byDeviceAndBucket.forEach(
        (deviceId, buckets) ->
            buckets.forEach(
                (start, bucket) ->
                    rows.add(
                        row(
                            tier,
                            deviceId,
                            start,
                            bucket,
                            intervalOf.apply(deviceId),
                            updatedAt))));
    return rows;
  }

  /**
   * What differs between two rows in their data columns (key, tenant, counts, rssi statistics, snr,
   * cells, battery, gap, expected readings); empty when they agree. Ignores {@code late_readings},
   * {@code max_lateness_s}, {@code revision}, {@code is_final} and {@code updated_at}.
   */
  public static List<String> differences(SignalRollup expected, SignalRollup actual) {
    List<String> d = new ArrayList<>();
    same(d, "tier", expected.tier(), actual.tier());
    same(d, "device_id", expected.deviceId(), actual.deviceId());
    same(d, "tenant_id", expected.tenantId(), actual.tenantId());
    same(d, "bucket_start", expected.bucketStart(), actual.bucketStart());
    same(d, "readings", expected.readings(), actual.readings());
    same(d, "expected_readings", expected.expectedReadings(), actual.expectedReadings());
    same(d, "rssi_min", expected.rssiMin(), actual.rssiMin());
    same(d, "rssi_max", expected.rssiMax(), actual.rssiMax());
    close(d, "rssi_avg", expected.rssiAvg(), actual.rssiAvg());
    same(d, "rssi_p10", expected.rssiP10(), actual.rssiP10());
    same(d, "rssi_p50", expected.rssiP50(), actual.rssiP50());
    same(d, "rssi_p90", expected.rssiP90(), actual.rssiP90());
    close(d, "snr_avg", expected.snrAvg(), actual.snrAvg());
    same(d, "cells_seen", expected.cellsSeen(), actual.cellsSeen());
    same(d, "cell_changes", expected.cellChanges(), actual.cellChanges());
    same(d, "battery_min_mv", expected.batteryMinMv(), actual.batteryMinMv());
    same(d, "longest_gap_s", expected.longestGapS(), actual.longestGapS());
    return d;
  }

  private static Instant bucketStart(RollupTier tier, Instant ts) {
    return switch (tier) {
      case HOUR -> ts.truncatedTo(ChronoUnit.HOURS);
      case DAY -> LocalDate.ofInstant(ts, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
    };
  }

  private static int bucketSeconds(RollupTier tier) {
    return switch (tier) {
      case HOUR -> 60 * 60;
      case DAY -> 24 * 60 * 60;
    };
  }

  private static SignalRollup row(
      RollupTier tier,
      String deviceId,
      Instant start,
      List<SignalReading> bucket,
      Integer intervalS,
      Instant updatedAt) {
    List<SignalReading> byTs = new ArrayList<>(bucket);
    byTs.sort(Comparator.comparing(SignalReading::ts));
    int n = byTs.size();

    double sum = 0;
    List<Double> rssi = new ArrayList<>();
    for (SignalReading r : byTs) {
      sum += r.rssiDbm();
      rssi.add(r.rssiDbm());
    }
    rssi.sort(Comparator.naturalOrder());

    double snrSum = 0;
    int snrCount = 0;
    Integer batteryMin = null;
    Set<String> cells = new HashSet<>();
    int cellChanges = 0;
    String lastCell = null;
    long longestGapS = 0;
    for (int i = 0; i < n; i++) {
      SignalReading r = byTs.get(i);
      if (r.snrDb() != null) {
        snrSum += r.snrDb();
        snrCount++;
      }
      if (r.batteryMv() != null && (batteryMin == null || r.batteryMv() < batteryMin)) {
        batteryMin = r.batteryMv();
      }
      if (r.cellId() != null) {
        cells.add(r.cellId());
        if (lastCell != null && !lastCell.equals(r.cellId())) {
          cellChanges++;
        }
        lastCell = r.cellId();
      }
      if (i > 0) {
        longestGapS =
            Math.max(longestGapS, Duration.between(byTs.get(i - 1).ts(), r.ts()).getSeconds());
      }
    }
    return new SignalRollup(
        tier,
        deviceId,
        byTs.get(n - 1).tenantId(),
        start,
        n,
        intervalS == null ? null : bucketSeconds(tier) / intervalS,
        rssi.get(0),
        rssi.get(n - 1),
        sum / n,
        percentile(rssi, 10),
        percentile(rssi, 50),
        percentile(rssi, 90),
        snrCount == 0 ? null : snrSum / snrCount,
        cells.size(),
        cellChanges,
        batteryMin,
        (int) longestGapS,
        0,
        0,
        1,
        false,
        updatedAt);
  }

  /** Nearest rank: the value at rank ⌈p/100 × n⌉ (1-based) of the sorted values. */
  private static double percentile(List<Double> sorted, int p) {
    int rank =
        BigDecimal.valueOf((long) p * sorted.size())
            .divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING)
            .intValueExact();
    return sorted.get(rank - 1);
  }

  private static void same(List<String> d, String column, Object expected, Object actual) {
    if (!Objects.equals(expected, actual)) {
      d.add(column + ": expected " + expected + " but was " + actual);
    }
  }

  private static void close(List<String> d, String column, Double expected, Double actual) {
    if (expected == null || actual == null) {
      same(d, column, expected, actual);
    } else if (Math.abs(expected - actual) > AVERAGE_TOLERANCE) {
      d.add(column + ": expected " + expected + " but was " + actual);
    }
  }
}
