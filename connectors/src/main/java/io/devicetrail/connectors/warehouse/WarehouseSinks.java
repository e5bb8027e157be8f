package io.devicetrail.connectors.warehouse;

import io.devicetrail.connectors.warehouse.model.RollupTier;
import io.devicetrail.connectors.warehouse.model.SignalRollup;
import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.SignalReading;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * The job's sinks into the warehouse (CONTRACT §5), one per table. Each buffers rows and writes a
 * batch per transaction (stage, prune or guard, merge or insert, commit) when the batch is full,
 * after the batch interval, and before every checkpoint: at least once, and every batch is
 * idempotent, so replays after a failure leave the warehouse as an uninterrupted run would.
 *
 * <pre>{@code
 * WarehouseConnection warehouse = WarehouseConnection.redshift(url, "loader", password);
 * WarehouseDialect dialect = WarehouseDialect.redshift();
 * WarehouseSinkOptions options = WarehouseSinkOptions.defaults();
 * readings.keyBy(SignalReading::deviceId)
 *     .sinkTo(WarehouseSinks.signalRaw(warehouse, dialect, options))
 *     .name("warehouse signal_raw");
 * rollups.keyBy(SignalRollup::deviceId)
 *     .sinkTo(WarehouseSinks.rollups(warehouse, dialect, options))
 *     .name("warehouse rollups");
 * }</pre>
 *
 * <p>Feed every warehouse sink keyed by device id: one writer then owns each device's rows, so two
 * writers never race on a key (on the stand-in such a race fails a batch, which is retried; on
 * Redshift, which does not enforce keys, it is what the table locks serialise). On Redshift prefer
 * a low parallelism for these sinks: writers of one table take turns anyway, and fewer, larger
 * transactions are cheaper.
 */
public final class WarehouseSinks {

  private WarehouseSinks() {}

  /**
   * Every reading into {@code signal_raw}, insert-if-absent by {@code (device_id, ts)}: a reading
   * already stored is never rewritten, a duplicate in a batch counts once (the first copy wins).
   * For loading committed archive files instead, see {@link
   * RedshiftDialect#loadSignalRawFromArchive}.
   */
  public static Sink<SignalReading> signalRaw(
      WarehouseConnection conn, WarehouseDialect dialect, WarehouseSinkOptions opts) {
    return sink(
        conn,
        opts,
        new StagedBatchWriter<>(
            WarehouseTables.SIGNAL_RAW, dialect(dialect), StagedBatchWriter.Rule.INSERT_IF_ABSENT));
  }

  /**
   * Hourly rollups into {@code signal_hourly}, revision-guarded: a row replaces the stored one only
   * when it ranks higher by {@code (revision, is_final)}; the same revision again changes nothing.
   * A rollup of another tier fails the job: route by tier, or use {@link #rollups}.
   */
  public static Sink<SignalRollup> signalHourly(
      WarehouseConnection conn, WarehouseDialect dialect, WarehouseSinkOptions opts) {
    return rollupTier(RollupTier.HOUR, conn, dialect, opts);
  }

  /** Daily rollups into {@code signal_daily}; as {@link #signalHourly}. */
  public static Sink<SignalRollup> signalDaily(
      WarehouseConnection conn, WarehouseDialect dialect, WarehouseSinkOptions opts) {
    return rollupTier(RollupTier.DAY, conn, dialect, opts);
  }

  /**
   * Rollups of both tiers, each into its table ({@link RollupTier#tableName()}), both in one
   * transaction per batch; revision-guarded as {@link #signalHourly}.
   */
  public static Sink<SignalRollup> rollups(
      WarehouseConnection conn, WarehouseDialect dialect, WarehouseSinkOptions opts) {
    return sink(conn, opts, new RollupsByTierWriter(dialect(dialect)));
  }

  /** Every activity event into {@code activity_event}, insert-if-absent by {@code event_id}. */
  public static Sink<DeviceActivity> activityEvent(
      WarehouseConnection conn, WarehouseDialect dialect, WarehouseSinkOptions opts) {
    return sink(
        conn,
        opts,
        new StagedBatchWriter<>(
            WarehouseTables.ACTIVITY_EVENT,
            dialect(dialect),
            StagedBatchWriter.Rule.INSERT_IF_ABSENT));
  }

  /**
   * Attribute changes into {@code dim_device}, a type-2 slowly changing dimension: one current row
   * per device ({@code valid_to} null, {@code is_current}), closed rows with {@code valid_to}.
   * Idempotent and independent of arrival order: the history is derived from every distinct
   * observation, so a replayed change changes nothing, and an older change arriving after a newer
   * one is inserted as the closed version it was (see {@link DeviceAttributes} and the rule in the
   * class DeviceHistory).
   */
  public static Sink<DeviceAttributes> dimDevice(
      WarehouseConnection conn, WarehouseDialect dialect, WarehouseSinkOptions opts) {
    return sink(conn, opts, new DimDeviceWriter(dialect(dialect)));
  }

  private static Sink<SignalRollup> rollupTier(
      RollupTier tier,
      WarehouseConnection conn,
      WarehouseDialect dialect,
      WarehouseSinkOptions opts) {
    return sink(
        conn,
        opts,
        new StagedBatchWriter<>(
            WarehouseTables.rollups(tier),
            dialect(dialect),
            StagedBatchWriter.Rule.NEWER_REVISION_WINS));
  }

  private static <T> Sink<T> sink(
      WarehouseConnection conn, WarehouseSinkOptions opts, BatchWriter<T> writer) {
    Objects.requireNonNull(conn, "conn cannot be null");
    Objects.requireNonNull(opts, "opts cannot be null");
    return new WarehouseSink<>(conn, writer, opts);
  }

  private static WarehouseDialect dialect(WarehouseDialect dialect) {
    return Objects.requireNonNull(dialect, "dialect cannot be null");
  }
}
