-- Signal over time across the three tiers, and the catalog (issue 5, parts 5 and 6). Amazon Redshift
-- flavour; db/warehouse/postgres/V2__signal_series_and_catalog.sql is the stand-in's.
--
-- signal_series_all puts signal_raw, signal_hourly and signal_daily in one shape; f_signal_tier picks
-- the tier a range should be read from. Redshift has no set-returning SQL functions, so a series is
-- this query pattern (the stand-in wraps the same pattern in signal_series(...)):
--
--   SELECT * FROM signal_series_all
--   WHERE tenant_id = :tenant_id AND device_id = :device_id          -- or every device of the tenant
--     AND tier = f_signal_tier(:from, :to, GETDATE())
--     AND bucket_start >= DATEADD(day, -1, :from) AND bucket_start < :to   -- bounds the scan
--     AND (bucket_end > :from OR bucket_start >= :from)               -- buckets overlapping [from, to)
--   ORDER BY device_id, bucket_start;
--
-- Every branch of the view is restricted by the time range on its sort key, so even a branch the
-- tier excludes reads few blocks.

CREATE VIEW signal_series_all AS
SELECT CAST('raw' AS VARCHAR(6)) AS tier, device_id, tenant_id,
       ts AS bucket_start, ts AS bucket_end, 1 AS readings, CAST(NULL AS INTEGER) AS expected_readings,
       rssi_dbm AS rssi_min, rssi_dbm AS rssi_avg, rssi_dbm AS rssi_max,
       rssi_dbm AS rssi_p10, rssi_dbm AS rssi_p50, rssi_dbm AS rssi_p90,
       snr_db AS snr_avg, battery_mv AS battery_min_mv,
       CASE WHEN cell_id IS NULL THEN 0 ELSE 1 END AS cells_seen, 0 AS cell_changes, TRUE AS is_final
FROM signal_raw
UNION ALL
SELECT CAST('hourly' AS VARCHAR(6)), device_id, tenant_id,
       bucket_start, bucket_start + INTERVAL '1 hour', readings, expected_readings,
       rssi_min, rssi_avg, rssi_max, rssi_p10, rssi_p50, rssi_p90,
       snr_avg, battery_min_mv, cells_seen, cell_changes, is_final
FROM signal_hourly
UNION ALL
SELECT CAST('daily' AS VARCHAR(6)), device_id, tenant_id,
       bucket_start, bucket_start + INTERVAL '1 day', readings, expected_readings,
       rssi_min, rssi_avg, rssi_max, rssi_p10, rssi_p50, rssi_p90,
       snr_avg, battery_min_mv, cells_seen, cell_changes, is_final
FROM signal_daily;

-- Which tier serves a range [from, to) asked at as_of ($1, $2, $3): the finest whose resolution
-- suits the range's length and whose retention (CONTRACT §5 defaults) still reaches back to from.
--   raw     range <= 2 days  and from within the last 7 days
--   hourly  range <= 35 days and from within the last 35 days
--   daily   anything else
-- If retention is configured shorter than the defaults, change the horizons here (a new version).
CREATE FUNCTION f_signal_tier(TIMESTAMPTZ, TIMESTAMPTZ, TIMESTAMPTZ)
RETURNS VARCHAR(6)
STABLE
AS $$
  SELECT CASE
           WHEN $2 <= $1 + INTERVAL '48 hours' AND $1 >= $3 - INTERVAL '168 hours'
             THEN CAST('raw' AS VARCHAR(6))
           WHEN $2 <= $1 + INTERVAL '840 hours' AND $1 >= $3 - INTERVAL '840 hours'
             THEN CAST('hourly' AS VARCHAR(6))
           ELSE CAST('daily' AS VARCHAR(6))
         END
$$ LANGUAGE sql;

-- The catalog (issue 5, part 6): every table, view and column says what it holds. The same text in
-- both flavours (WarehouseFlavoursTest compares them; CatalogCommentsTest fails on a column without
-- one), so a later migration that adds a column comments it in both files.

COMMENT ON TABLE signal_raw IS
  'Every valid signal reading at full resolution, kept 7 days (CONTRACT §5). Key (device_id, ts); columns in the order of the raw archive''s Parquet files.';
COMMENT ON COLUMN signal_raw.device_id IS 'The device that took the reading.';
COMMENT ON COLUMN signal_raw.tenant_id IS 'The device''s tenant; client sessions see only their own tenant''s rows.';
COMMENT ON COLUMN signal_raw.ts IS 'Event time: when the device took the reading (UTC).';
COMMENT ON COLUMN signal_raw.rssi_dbm IS 'Received signal strength, dBm (-150 to 0; higher is better).';
COMMENT ON COLUMN signal_raw.snr_db IS 'Signal-to-noise ratio, dB (-40 to 60); null when not reported.';
COMMENT ON COLUMN signal_raw.rsrp_dbm IS 'LTE reference signal received power, dBm (-160 to -30); null when not reported.';
COMMENT ON COLUMN signal_raw.rsrq_db IS 'LTE reference signal received quality, dB (-40 to 0); null when not reported.';
COMMENT ON COLUMN signal_raw.cell_id IS 'Serving cell identity; null when not reported.';
COMMENT ON COLUMN signal_raw.lat IS 'Latitude, degrees (-90 to 90); null without a position fix.';
COMMENT ON COLUMN signal_raw.lon IS 'Longitude, degrees (-180 to 180); null without a position fix.';
COMMENT ON COLUMN signal_raw.battery_mv IS 'Battery voltage, millivolts (0 to 10000); null when not reported.';
COMMENT ON COLUMN signal_raw.fetched_at IS 'When the poller fetched the reading: fetched_at - ts is the upload delay.';

COMMENT ON TABLE signal_hourly IS
  'Signal rollup per device and UTC hour [hh:00, hh+1:00), kept 35 days (CONTRACT §5, §6). Key (device_id, bucket_start); a late reading within the revision horizon rewrites the row whole with revision + 1.';
COMMENT ON COLUMN signal_hourly.device_id IS 'The device.';
COMMENT ON COLUMN signal_hourly.tenant_id IS 'The device''s tenant.';
COMMENT ON COLUMN signal_hourly.bucket_start IS 'Start of the UTC hour.';
COMMENT ON COLUMN signal_hourly.readings IS 'Readings in the bucket, each (device_id, ts) counted once.';
COMMENT ON COLUMN signal_hourly.expected_readings IS 'Bucket seconds divided by the reporting interval (vendor value, else learned); null when no interval is known. readings / expected_readings is the coverage.';
COMMENT ON COLUMN signal_hourly.rssi_min IS 'Lowest RSSI of the bucket, dBm.';
COMMENT ON COLUMN signal_hourly.rssi_max IS 'Highest RSSI of the bucket, dBm.';
COMMENT ON COLUMN signal_hourly.rssi_avg IS 'Arithmetic mean RSSI of the bucket, dBm.';
COMMENT ON COLUMN signal_hourly.rssi_p10 IS '10th percentile RSSI, nearest rank (the value at rank ceil(0.1 n) of the sorted readings), dBm.';
COMMENT ON COLUMN signal_hourly.rssi_p50 IS 'Median RSSI, nearest rank, dBm.';
COMMENT ON COLUMN signal_hourly.rssi_p90 IS '90th percentile RSSI, nearest rank, dBm.';
COMMENT ON COLUMN signal_hourly.snr_avg IS 'Mean SNR over the readings that report one, dB; null when none does.';
COMMENT ON COLUMN signal_hourly.cells_seen IS 'Distinct non-null cell_id values in the bucket.';
COMMENT ON COLUMN signal_hourly.cell_changes IS 'Consecutive readings (by ts) whose non-null cell_id differ: how often the device moved between cells.';
COMMENT ON COLUMN signal_hourly.battery_min_mv IS 'Lowest battery voltage of the bucket, millivolts; null when none is reported.';
COMMENT ON COLUMN signal_hourly.longest_gap_s IS 'Largest gap between consecutive readings within the bucket, seconds (0 under two readings); gaps across bucket edges are not counted.';
COMMENT ON COLUMN signal_hourly.late_readings IS 'Readings that revised the bucket after it was first written.';
COMMENT ON COLUMN signal_hourly.max_lateness_s IS 'Largest lateness of those late readings, seconds.';
COMMENT ON COLUMN signal_hourly.revision IS 'Version of the row: 1 when first written, + 1 per revision by late readings.';
COMMENT ON COLUMN signal_hourly.is_final IS 'True once the revision horizon (default 7 days) has passed: the row will not change any more except by the reconcile command.';
COMMENT ON COLUMN signal_hourly.updated_at IS 'Wall-clock time the row was last written.';

COMMENT ON TABLE signal_daily IS
  'Signal rollup per device and UTC day [00:00Z, 24:00Z), kept 400 days (CONTRACT §5, §6); the same columns and rules as signal_hourly.';
COMMENT ON COLUMN signal_daily.device_id IS 'The device.';
COMMENT ON COLUMN signal_daily.tenant_id IS 'The device''s tenant.';
COMMENT ON COLUMN signal_daily.bucket_start IS 'Start of the UTC day.';
COMMENT ON COLUMN signal_daily.readings IS 'Readings in the bucket, each (device_id, ts) counted once.';
COMMENT ON COLUMN signal_daily.expected_readings IS 'Bucket seconds divided by the reporting interval (vendor value, else learned); null when no interval is known. readings / expected_readings is the coverage.';
COMMENT ON COLUMN signal_daily.rssi_min IS 'Lowest RSSI of the bucket, dBm.';
COMMENT ON COLUMN signal_daily.rssi_max IS 'Highest RSSI of the bucket, dBm.';
COMMENT ON COLUMN signal_daily.rssi_avg IS 'Arithmetic mean RSSI of the bucket, dBm.';
COMMENT ON COLUMN signal_daily.rssi_p10 IS '10th percentile RSSI, nearest rank (the value at rank ceil(0.1 n) of the sorted readings), dBm.';
COMMENT ON COLUMN signal_daily.rssi_p50 IS 'Median RSSI, nearest rank, dBm.';
COMMENT ON COLUMN signal_daily.rssi_p90 IS '90th percentile RSSI, nearest rank, dBm.';
COMMENT ON COLUMN signal_daily.snr_avg IS 'Mean SNR over the readings that report one, dB; null when none does.';
COMMENT ON COLUMN signal_daily.cells_seen IS 'Distinct non-null cell_id values in the bucket.';
COMMENT ON COLUMN signal_daily.cell_changes IS 'Consecutive readings (by ts) whose non-null cell_id differ: how often the device moved between cells.';
COMMENT ON COLUMN signal_daily.battery_min_mv IS 'Lowest battery voltage of the bucket, millivolts; null when none is reported.';
COMMENT ON COLUMN signal_daily.longest_gap_s IS 'Largest gap between consecutive readings within the bucket, seconds (0 under two readings); gaps across bucket edges are not counted.';
COMMENT ON COLUMN signal_daily.late_readings IS 'Readings that revised the bucket after it was first written.';
COMMENT ON COLUMN signal_daily.max_lateness_s IS 'Largest lateness of those late readings, seconds.';
COMMENT ON COLUMN signal_daily.revision IS 'Version of the row: 1 when first written, + 1 per revision by late readings.';
COMMENT ON COLUMN signal_daily.is_final IS 'True once the revision horizon (default 7 days) has passed: the row will not change any more except by the reconcile command.';
COMMENT ON COLUMN signal_daily.updated_at IS 'Wall-clock time the row was last written.';

COMMENT ON TABLE activity_event IS
  'Every activity event of every device, kept 400 days (CONTRACT §5). Key event_id; columns in the order of the raw archive''s Parquet files.';
COMMENT ON COLUMN activity_event.device_id IS 'The device the event happened on.';
COMMENT ON COLUMN activity_event.tenant_id IS 'The device''s tenant.';
COMMENT ON COLUMN activity_event.event_id IS 'The vendor''s unique identity of the event.';
COMMENT ON COLUMN activity_event.ts IS 'Event time (UTC).';
COMMENT ON COLUMN activity_event.type IS 'CONNECT, DISCONNECT, CONFIG_UPDATE, FIRMWARE_UPDATE, REBOOT, TIMEOUT, COMMAND, or another upper-case word.';
COMMENT ON COLUMN activity_event.outcome IS 'OK, FAILED or PENDING.';
COMMENT ON COLUMN activity_event.detail IS 'The event''s detail object (e.g. {"config_version": 4}); null when none. SUPER in Redshift (detail.config_version), jsonb on the stand-in (detail->>''config_version'').';
COMMENT ON COLUMN activity_event.fetched_at IS 'When the poller fetched the event.';

COMMENT ON TABLE dim_device IS
  'Device attributes as a type-2 slowly changing dimension, kept always (CONTRACT §5): one row per version, valid over [valid_from, valid_to). Point-in-time join: valid_from <= ts AND (ts < valid_to OR valid_to IS NULL).';
COMMENT ON COLUMN dim_device.device_key IS 'Surrogate key of the version; stays with its version when the history is rebuilt.';
COMMENT ON COLUMN dim_device.device_id IS 'The device.';
COMMENT ON COLUMN dim_device.tenant_id IS 'The device''s tenant during this version.';
COMMENT ON COLUMN dim_device.model IS 'Hardware model during this version; null when unknown.';
COMMENT ON COLUMN dim_device.firmware IS 'Firmware version during this version; null when unknown.';
COMMENT ON COLUMN dim_device.config_version IS 'Configuration version during this version.';
COMMENT ON COLUMN dim_device.reporting_interval_s IS 'Vendor sampling interval during this version, seconds; null when the vendor does not know it.';
COMMENT ON COLUMN dim_device.site IS 'Site label during this version; null when none.';
COMMENT ON COLUMN dim_device.valid_from IS 'When this version took effect (inclusive).';
COMMENT ON COLUMN dim_device.valid_to IS 'When the next version took effect (exclusive); null for the current version.';
COMMENT ON COLUMN dim_device.is_current IS 'True for the one current version of the device (valid_to null).';

COMMENT ON TABLE dim_device_change IS
  'Every distinct attribute observation of every device, keyed by (device_id, valid_from): the source dim_device is derived from, so its history does not depend on the order changes arrive in.';
COMMENT ON COLUMN dim_device_change.device_id IS 'The device.';
COMMENT ON COLUMN dim_device_change.valid_from IS 'When the observed attributes took effect.';
COMMENT ON COLUMN dim_device_change.tenant_id IS 'The device''s tenant as observed.';
COMMENT ON COLUMN dim_device_change.model IS 'Hardware model as observed; null when unknown.';
COMMENT ON COLUMN dim_device_change.firmware IS 'Firmware version as observed; null when unknown.';
COMMENT ON COLUMN dim_device_change.config_version IS 'Configuration version as observed.';
COMMENT ON COLUMN dim_device_change.reporting_interval_s IS 'Vendor sampling interval as observed, seconds; null when unknown.';
COMMENT ON COLUMN dim_device_change.site IS 'Site label as observed; null when none.';

COMMENT ON VIEW signal_series_all IS
  'The three signal tiers in one shape: one row per raw reading (tier raw) or per rollup bucket (tier hourly, daily). Query it through f_signal_tier (see db/warehouse/README.md), or on the stand-in through signal_series(...).';
COMMENT ON COLUMN signal_series_all.tier IS 'raw, hourly or daily: the table the row comes from.';
COMMENT ON COLUMN signal_series_all.device_id IS 'The device.';
COMMENT ON COLUMN signal_series_all.tenant_id IS 'The device''s tenant.';
COMMENT ON COLUMN signal_series_all.bucket_start IS 'Start of the bucket; for a raw reading its ts.';
COMMENT ON COLUMN signal_series_all.bucket_end IS 'End of the bucket (exclusive); for a raw reading its ts.';
COMMENT ON COLUMN signal_series_all.readings IS 'Readings behind the row: 1 for a raw reading.';
COMMENT ON COLUMN signal_series_all.expected_readings IS 'As in the rollups; null for a raw reading.';
COMMENT ON COLUMN signal_series_all.rssi_min IS 'Lowest RSSI, dBm; for a raw reading its RSSI.';
COMMENT ON COLUMN signal_series_all.rssi_avg IS 'Mean RSSI, dBm; for a raw reading its RSSI.';
COMMENT ON COLUMN signal_series_all.rssi_max IS 'Highest RSSI, dBm; for a raw reading its RSSI.';
COMMENT ON COLUMN signal_series_all.rssi_p10 IS '10th percentile RSSI, dBm; for a raw reading its RSSI.';
COMMENT ON COLUMN signal_series_all.rssi_p50 IS 'Median RSSI, dBm; for a raw reading its RSSI.';
COMMENT ON COLUMN signal_series_all.rssi_p90 IS '90th percentile RSSI, dBm; for a raw reading its RSSI.';
COMMENT ON COLUMN signal_series_all.snr_avg IS 'Mean SNR, dB; for a raw reading its SNR.';
COMMENT ON COLUMN signal_series_all.battery_min_mv IS 'Lowest battery voltage, millivolts; for a raw reading its voltage.';
COMMENT ON COLUMN signal_series_all.cells_seen IS 'Distinct cells seen; for a raw reading 1 with a cell_id, else 0.';
COMMENT ON COLUMN signal_series_all.cell_changes IS 'Cell changes within the bucket; 0 for a raw reading.';
COMMENT ON COLUMN signal_series_all.is_final IS 'As in the rollups; true for a raw reading.';
