-- The raw archive (CONTRACT §3) as Amazon Athena tables, with partition projection by date.
--
-- Run once per AWS account and archive, in Athena (engine v3), after replacing
-- s3://BUCKET/PREFIX with the job's archive.path (e.g. s3://acme-devicetrail/archive). Each
-- statement is separate: Athena runs one at a time.
--
-- The columns are the archive's Parquet columns in file order (connectors' ArchiveSchemas;
-- ArchiveCatalogTest compares them): strings as string, doubles as double, battery_mv as int, and
-- ts / fetched_at as timestamp (Parquet INT64 TIMESTAMP(MICROS, UTC)). The partition column `date`
-- is only in the path (date=YYYY-MM-DD, the event's UTC date), so a query should always name it:
--   SELECT device_id, avg(rssi_dbm) FROM devicetrail_archive.signal
--   WHERE "date" BETWEEN '2026-11-01' AND '2026-11-07' AND tenant_id = 'acme' GROUP BY device_id;
--
-- Partition projection: Athena computes the partitions from the date range below instead of
-- reading them from the Glue catalog, so no crawler or ALTER TABLE ADD PARTITION is needed, and a
-- late upload landing in an old day is seen at once. The range starts at the first archived day;
-- NOW ends it at today (UTC).
--
-- Files: a day holds committed compacted-part-*.parquet files next to hidden .part-* files that
-- wait for compaction (complete Parquet, whose rows reappear in the compacted file). Athena, like
-- Hive and Redshift Spectrum, skips every file whose name starts with '.' or '_', so the hidden
-- files are never read twice. Do not rename them, and do not point DuckDB's * at a day: it does not
-- skip them (read compacted-*.parquet there).

CREATE DATABASE IF NOT EXISTS devicetrail_archive
  COMMENT 'DeviceTrail raw archive: every valid reading and activity event, by event date (UTC)';

CREATE EXTERNAL TABLE IF NOT EXISTS devicetrail_archive.signal (
  device_id  string    COMMENT 'The device that took the reading',
  tenant_id  string    COMMENT 'The device''s tenant',
  ts         timestamp COMMENT 'Event time: when the device took the reading (UTC)',
  rssi_dbm   double    COMMENT 'Received signal strength, dBm (-150 to 0)',
  snr_db     double    COMMENT 'Signal-to-noise ratio, dB; null when not reported',
  rsrp_dbm   double    COMMENT 'LTE reference signal received power, dBm; null when not reported',
  rsrq_db    double    COMMENT 'LTE reference signal received quality, dB; null when not reported',
  cell_id    string    COMMENT 'Serving cell identity; null when not reported',
  lat        double    COMMENT 'Latitude, degrees; null without a position fix',
  lon        double    COMMENT 'Longitude, degrees; null without a position fix',
  battery_mv int       COMMENT 'Battery voltage, millivolts; null when not reported',
  fetched_at timestamp COMMENT 'When the poller fetched the reading (UTC)'
)
COMMENT 'Every valid signal reading, partitioned by the UTC date of ts; duplicates possible (poller retries): identity is (device_id, ts)'
PARTITIONED BY (`date` string)
STORED AS PARQUET
LOCATION 's3://BUCKET/PREFIX/signal/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.date.type' = 'date',
  'projection.date.format' = 'yyyy-MM-dd',
  'projection.date.range' = '2024-01-01,NOW',
  'projection.date.interval' = '1',
  'projection.date.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://BUCKET/PREFIX/signal/date=${date}/'
);

CREATE EXTERNAL TABLE IF NOT EXISTS devicetrail_archive.activity (
  device_id  string    COMMENT 'The device the event happened on',
  tenant_id  string    COMMENT 'The device''s tenant',
  event_id   string    COMMENT 'The vendor''s unique identity of the event',
  ts         timestamp COMMENT 'Event time (UTC)',
  type       string    COMMENT 'CONNECT, DISCONNECT, CONFIG_UPDATE, FIRMWARE_UPDATE, REBOOT, TIMEOUT, COMMAND, ...',
  outcome    string    COMMENT 'OK, FAILED or PENDING',
  detail     string    COMMENT 'The event''s detail object as JSON text (json_extract_scalar(detail, ''$.config_version''))',
  fetched_at timestamp COMMENT 'When the poller fetched the event (UTC)'
)
COMMENT 'Every activity event, partitioned by the UTC date of ts; duplicates possible (poller retries): identity is event_id'
PARTITIONED BY (`date` string)
STORED AS PARQUET
LOCATION 's3://BUCKET/PREFIX/activity/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.date.type' = 'date',
  'projection.date.format' = 'yyyy-MM-dd',
  'projection.date.range' = '2024-01-01,NOW',
  'projection.date.interval' = '1',
  'projection.date.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://BUCKET/PREFIX/activity/date=${date}/'
);
