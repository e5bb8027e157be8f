package io.devicetrail.connectors.warehouse.model;

import java.time.Instant;

/**
 * One row of {@code signal_hourly} or {@code signal_daily} (CONTRACT §5): the rollup of one
 * device's readings in one UTC-aligned bucket. The row is always whole: a newer row replaces the
 * previous one with the same {@code (tier, deviceId, bucketStart)}, and writing the same row twice
 * leaves the same row.
 *
 * <p>Column meanings (the batch oracle uses the same):
 *
 * <ul>
 *   <li>{@code readings}: distinct readings ({@code (device_id, ts)}) in the bucket, at least 1.
 *   <li>{@code expectedReadings}: bucket seconds ÷ the device's interval (vendor {@code
 *       reporting_interval_s}, else the learned one), rounded down; null when no interval is known.
 *   <li>{@code rssiAvg}: arithmetic mean; {@code rssiP10/P50/P90}: nearest-rank, the value at rank
 *       ⌈N/100 × n⌉ of the sorted values (1-based).
 *   <li>{@code snrAvg}: mean over non-null {@code snr_db}, null when all are null.
 *   <li>{@code cellsSeen}: distinct non-null {@code cell_id}; {@code cellChanges}: readings (by ts)
 *       whose non-null {@code cell_id} differs from the previous non-null {@code cell_id} in the
 *       bucket (readings without a cell are skipped, they neither change nor break a run).
 *   <li>{@code batteryMinMv}: minimum over non-null {@code battery_mv}, null when all are null.
 *   <li>{@code longestGapS}: the largest gap in whole seconds between consecutive readings of the
 *       bucket (0 under two readings).
 *   <li>{@code lateReadings}: readings that revised the bucket after its first write.
 *   <li>{@code maxLatenessS}: over those late readings, the largest {@code fetched_at - ts} in
 *       whole seconds (how old the stalest revising reading was when the poller fetched it),
 *       floored at 0; 0 when {@code lateReadings} is 0.
 *   <li>{@code revision}: 1 for the first write, + 1 for each rewrite that adds readings. The last
 *       rewrite, which only turns {@code is_final} true, keeps the revision.
 *   <li>{@code isFinal}: the revision horizon has passed for the bucket; the row never changes
 *       again.
 *   <li>{@code updatedAt}: when this row was produced (processing time).
 * </ul>
 *
 * <p>For a sink: a row replaces the stored one when its {@code (revision, isFinal)} is greater
 * (false before true), and never replaces a stored final row. Rows of one device arrive in order,
 * so this only matters for replays after a restore and for a device that comes back after its state
 * was dropped (its old buckets are final in the warehouse, its new rows start again at revision 1).
 *
 * <p>A Java record with Flink-serializable fields only (no Kryo fallback).
 */
public record SignalRollup(
    RollupTier tier,
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
    int lateReadings,
    int maxLatenessS,
    int revision,
    boolean isFinal,
    Instant updatedAt) {

  /** The exclusive end of the bucket. */
  public Instant bucketEnd() {
    return bucketStart.plus(tier.bucketLength());
  }

  /** {@code readings / expectedReadings}, or null when no interval is known. */
  public Double coverage() {
    return expectedReadings == null || expectedReadings == 0
        ? null
        : (double) readings / expectedReadings;
  }
}
