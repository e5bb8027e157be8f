/**
 * The warehouse sinks (CONTRACT §5): {@code signal_raw}, {@code signal_hourly}, {@code
 * signal_daily}, {@code activity_event} and {@code dim_device} in Amazon Redshift, or in the
 * PostgreSQL database that stands in for it locally.
 *
 * <h2>Using it</h2>
 *
 * <pre>{@code
 * WarehouseConnection warehouse =                       // driver and URL are configuration
 *     WarehouseConnection.redshift(url, user, PostgresPassword.fromFile(secret));
 * WarehouseDialect dialect = WarehouseDialect.redshift(); // or postgres() for the stand-in
 * WarehouseSinkOptions options = WarehouseSinkOptions.fromConfiguration(config);
 *
 * readings.keyBy(SignalReading::deviceId).sinkTo(WarehouseSinks.signalRaw(warehouse, dialect, options));
 * rollups.keyBy(SignalRollup::deviceId).sinkTo(WarehouseSinks.rollups(warehouse, dialect, options));
 * activities.keyBy(DeviceActivity::deviceId)
 *     .sinkTo(WarehouseSinks.activityEvent(warehouse, dialect, options));
 * changes.keyBy(DeviceAttributes::deviceId).sinkTo(WarehouseSinks.dimDevice(warehouse, dialect, options));
 * }</pre>
 *
 * The schema comes from the sql module: {@code Migrations.migrateWarehouse(url, user, password,
 * WarehouseFlavor.REDSHIFT)} (or {@code POSTGRES}).
 *
 * <h2>Writing</h2>
 *
 * A sink buffers rows and writes a batch when it is full, after the batch interval, and before
 * every checkpoint; each batch is one transaction: (Redshift: {@code LOCK} the targets), {@code
 * CREATE TEMP TABLE <t>_stage (LIKE <t>)}, multi-row INSERTs into the stage, prune the stage,
 * {@code MERGE} or {@code INSERT … SELECT} into the target, {@code DROP} the stage, commit. The
 * batch is deduplicated by key in memory first (Redshift enforces no keys, and MERGE refuses a
 * target row matched twice). All statements come from {@link
 * io.devicetrail.connectors.warehouse.WarehouseDialect}; the stand-in runs the same text as
 * Redshift but for the few differences that class lists.
 *
 * <h2>Idempotency rules</h2>
 *
 * <ul>
 *   <li>{@code signal_raw} {@code (device_id, ts)}, {@code activity_event} {@code (event_id)}:
 *       insert if absent; a stored row is never rewritten; within a batch the first copy wins.
 *       Timestamps are kept to the microsecond, as both databases store them.
 *   <li>{@code signal_hourly}, {@code signal_daily} {@code (device_id, bucket_start)}: a row
 *       replaces the stored one only if it ranks strictly higher by {@code (revision, is_final)}
 *       (false before true). So the same revision twice leaves the row untouched, a lower revision
 *       never replaces a higher one, and a provisional row never replaces a final one of the same
 *       or a higher revision. Within a batch the highest-ranking row of a key wins. The rule is a
 *       total order, so the rows do not depend on the order batches arrive in.
 *   <li>Rollups recomputed from the archive (the maintenance command's reconcile, {@link
 *       io.devicetrail.connectors.warehouse.RollupReconcileWriter}): a row whose data columns equal
 *       the stored row's changes nothing; one that differs replaces the stored row, even a final
 *       one, with the stored revision + 1. Running the same reconcile twice writes nothing the
 *       second time.
 *   <li>{@code dim_device}: every distinct observation {@code (device_id, valid_from)} is kept in
 *       {@code dim_device_change} (first recorded wins at one instant), and a device's history is
 *       derived from all of them: consecutive observations with equal attributes form one version,
 *       {@code valid_to} is the next version's start, the last version is the one current row. A
 *       replay changes nothing; an older change arriving after a newer one is inserted as the
 *       closed version it was; the result equals an in-order run's. {@code device_key} stays with
 *       its version.
 * </ul>
 *
 * <h2>Loading the archive instead</h2>
 *
 * For the raw tier, {@link
 * io.devicetrail.connectors.warehouse.RedshiftDialect#loadSignalRawFromArchive} generates the
 * transaction that COPYs a date partition's committed Parquet files into a stage and inserts the
 * absent readings; run it with {@link
 * io.devicetrail.connectors.warehouse.WarehouseStatements#runInOneTransaction}. Redshift only.
 */
package io.devicetrail.connectors.warehouse;
