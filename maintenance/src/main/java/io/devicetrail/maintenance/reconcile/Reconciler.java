package io.devicetrail.maintenance.reconcile;

import io.devicetrail.connectors.archive.ArchiveReader;
import io.devicetrail.connectors.archive.SignalRecordConverter;
import io.devicetrail.connectors.warehouse.RollupReconcileWriter;
import io.devicetrail.connectors.warehouse.WarehouseConnection;
import io.devicetrail.connectors.warehouse.WarehouseDialect;
import io.devicetrail.connectors.warehouse.model.RollupTier;
import io.devicetrail.connectors.warehouse.model.SignalRollup;
import io.devicetrail.events.SignalReading;
import io.devicetrail.jobs.rollup.RollupOracle;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes signal_hourly and signal_daily from the raw Parquet archive with {@link RollupOracle}
 * and writes them with the reconcile rule ({@link RollupReconcileWriter}): rows whose data differ
 * are replaced, even final ones, with revision + 1; rows that agree are left as they are, so a
 * second run changes nothing.
 *
 * <p>Day by day: a day's archive partition holds exactly the readings of that UTC day, so every
 * bucket is recomputed from all of its readings, including those that arrived beyond the revision
 * horizon and that the stream never rolled up. A day's readings are held in memory; with {@code
 * deviceShards > 1} the day is read once per shard of devices (by hash), holding a shard at a time.
 *
 * <p>{@code expected_readings} uses the device's vendor interval at the bucket's start ({@code
 * dim_device}), else the interval learned from the day's readings ({@link LearnedIntervals}). Rows
 * whose bucket ended more than {@code horizon} ago are written final; newer ones provisional, and
 * the running job may still revise them.
 */
public final class Reconciler {

  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  /** What a run did (or with a dry run would do). */
  public record Outcome(long readings, long hourlyRows, long dailyRows, long written) {}

  private final ArchiveReader archive;
  private final WarehouseConnection warehouse;
  private final WarehouseDialect dialect;
  private final Duration horizon;
  private final int deviceShards;
  private final int rowsPerTransaction;
  private final Clock clock;
  private final Consumer<String> report;

  public Reconciler(
      ArchiveReader archive,
      WarehouseConnection warehouse,
      WarehouseDialect dialect,
      Duration horizon,
      int deviceShards,
      int rowsPerTransaction,
      Clock clock,
      Consumer<String> report) {
    this.archive = Objects.requireNonNull(archive, "archive cannot be null");
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse cannot be null");
    this.dialect = Objects.requireNonNull(dialect, "dialect cannot be null");
    this.horizon = Objects.requireNonNull(horizon, "horizon cannot be null");
    if (deviceShards < 1 || rowsPerTransaction < 1) {
      throw new IllegalArgumentException("deviceShards and rowsPerTransaction must be positive");
    }
    this.deviceShards = deviceShards;
    this.rowsPerTransaction = rowsPerTransaction;
    this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    this.report = Objects.requireNonNull(report, "report cannot be null");
  }

  /**
   * Recomputes the range for {@code devices} (empty: every device in the archive).
   *
   * @param dryRun compute and write everything, then roll each transaction back: the counts are
   *     what a real run would write
   */
  public Outcome run(ReconcileRange range, Set<String> devices, boolean dryRun)
      throws SQLException {
    Instant now = clock.instant();
    Instant finalBefore = now.minus(horizon);
    if (range.to().isAfter(finalBefore)) {
      LOG.warn(
          "The range ends after {} (now - horizon): its newer buckets are written provisional,"
              + " and files the job has not compacted yet are not visible to reconcile",
          finalBefore);
    }
    DeviceIntervals intervals = DeviceIntervals.load(warehouse);
    RollupReconcileWriter writer = new RollupReconcileWriter(dialect);
    long readings = 0;
    long hourly = 0;
    long daily = 0;
    long written = 0;
    try (Connection c = warehouse.open("devicetrail-maintenance-reconcile")) {
      c.setAutoCommit(false);
      for (LocalDate day : range.days()) {
        long dayReadings = 0;
        long dayRows = 0;
        long dayWritten = 0;
        Set<String> dayDevices = new HashSet<>();
        for (int shard = 0; shard < deviceShards; shard++) {
          List<SignalReading> shardReadings = read(day, devices, shard);
          if (shardReadings.isEmpty()) {
            continue;
          }
          List<SignalRollup> rows = rollups(day, range, shardReadings, intervals, now, finalBefore);
          for (SignalRollup r : rows) {
            if (r.tier() == RollupTier.HOUR) {
              hourly++;
            } else {
              daily++;
            }
            dayDevices.add(r.deviceId());
          }
          dayReadings += shardReadings.size();
          dayRows += rows.size();
          dayWritten += write(c, writer, rows, dryRun);
        }
        readings += dayReadings;
        written += dayWritten;
        report.accept(
            dayReadings == 0
                ? "reconcile "
                    + day
                    + ": no archived readings"
                    + (devices.isEmpty() ? "" : " of these devices")
                : String.format(
                    "reconcile %s: %,d readings of %,d devices, %,d rollup rows recomputed, %,d %s",
                    day,
                    dayReadings,
                    dayDevices.size(),
                    dayRows,
                    dayWritten,
                    dryRun
                        ? "would be written (differ or missing)"
                        : "written (differed or were missing)"));
      }
    }
    return new Outcome(readings, hourly, daily, written);
  }

  private List<SignalReading> read(LocalDate day, Set<String> devices, int shard) {
    List<SignalReading> readings = new ArrayList<>();
    archive.forEach(
        SignalRecordConverter.INSTANCE,
        day,
        day,
        r -> {
          if ((devices.isEmpty() || devices.contains(r.deviceId()))
              && Math.floorMod(r.deviceId().hashCode(), deviceShards) == shard) {
            readings.add(r);
          }
        });
    return readings;
  }

  /** The day's row, and the rows of its hours inside the range, of every device read. */
  private static List<SignalRollup> rollups(
      LocalDate day,
      ReconcileRange range,
      List<SignalReading> readings,
      DeviceIntervals intervals,
      Instant now,
      Instant finalBefore) {
    Map<String, Integer> learned = LearnedIntervals.of(readings);
    Map<Instant, List<SignalReading>> byHour = new TreeMap<>();
    for (SignalReading r : readings) {
      byHour.computeIfAbsent(r.ts().truncatedTo(ChronoUnit.HOURS), h -> new ArrayList<>()).add(r);
    }
    List<SignalRollup> rows = new ArrayList<>();
    byHour.forEach(
        (hour, hourReadings) -> {
          if (range.containsHour(hour)) {
            rows.addAll(
                RollupOracle.rollups(
                    hourReadings,
                    RollupTier.HOUR,
                    id -> interval(intervals, learned, id, hour),
                    now));
          }
        });
    Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    rows.addAll(
        RollupOracle.rollups(
            readings, RollupTier.DAY, id -> interval(intervals, learned, id, dayStart), now));
    List<SignalRollup> finalized = new ArrayList<>(rows.size());
    for (SignalRollup r : rows) {
      finalized.add(r.bucketEnd().isAfter(finalBefore) ? r : asFinal(r));
    }
    return finalized;
  }

  private static Integer interval(
      DeviceIntervals intervals, Map<String, Integer> learned, String deviceId, Instant at) {
    Integer vendor = intervals.intervalAt(deviceId, at);
    return vendor != null ? vendor : learned.get(deviceId);
  }

  /** One transaction per chunk; rolled back in a dry run. */
  private long write(
      Connection c, RollupReconcileWriter writer, List<SignalRollup> rows, boolean dryRun)
      throws SQLException {
    long written = 0;
    for (int start = 0; start < rows.size(); start += rowsPerTransaction) {
      List<SignalRollup> chunk =
          rows.subList(start, Math.min(rows.size(), start + rowsPerTransaction));
      try {
        written += writer.write(c, chunk);
        if (dryRun) {
          c.rollback();
        } else {
          c.commit();
        }
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    return written;
  }

  private static SignalRollup asFinal(SignalRollup r) {
    return new SignalRollup(
        r.tier(),
        r.deviceId(),
        r.tenantId(),
        r.bucketStart(),
        r.readings(),
        r.expectedReadings(),
        r.rssiMin(),
        r.rssiMax(),
        r.rssiAvg(),
        r.rssiP10(),
        r.rssiP50(),
        r.rssiP90(),
        r.snrAvg(),
        r.cellsSeen(),
        r.cellChanges(),
        r.batteryMinMv(),
        r.longestGapS(),
        r.lateReadings(),
        r.maxLatenessS(),
        r.revision(),
        true,
        r.updatedAt());
  }
}
