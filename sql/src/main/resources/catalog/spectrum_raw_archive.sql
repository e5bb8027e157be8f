-- The raw archive (CONTRACT §3) as Amazon Redshift Spectrum external tables, to join the archive
-- with the warehouse (e.g. readings older than signal_raw's 7 days against dim_device).
--
-- Run once in Redshift, as a superuser or the owner of the external schema, after replacing
-- s3://BUCKET/PREFIX with the job's archive.path and the IAM role with one the cluster may assume
-- that can read the archive and use the Glue Data Catalog. External DDL cannot run inside a
-- transaction block: run it with autocommit on, outside the warehouse migrations.
--
-- Partition projection is Athena's: Spectrum ignores it and reads only partitions registered in
-- the catalog. So register each day (the statement at the end): once for the days already
-- archived, then every day for tomorrow, ahead of its first file (a registered day with no files
-- yet reads as empty). Late uploads land in days already registered. If the Athena tables of
-- athena_raw_archive.sql live in the same Glue database, point the external schema at it and skip
-- the CREATE EXTERNAL TABLE statements: Spectrum sees those tables, and the partitions registered
-- here do not disturb Athena, which keeps projecting.
--
-- Columns as the archive's Parquet files, in file order (ArchiveCatalogTest compares them);
-- timestamps are UTC. Spectrum, like Athena, skips files whose names start with '.' or '_': the
-- hidden .part-* files waiting for compaction next to the committed compacted-part-*.parquet
-- files are never read.

CREATE EXTERNAL SCHEMA IF NOT EXISTS devicetrail_archive
FROM DATA CATALOG
DATABASE 'devicetrail_archive'
IAM_ROLE 'arn:aws:iam::123456789012:role/devicetrail-spectrum'
CREATE EXTERNAL DATABASE IF NOT EXISTS;

CREATE EXTERNAL TABLE devicetrail_archive.signal (
  device_id  VARCHAR(128),
  tenant_id  VARCHAR(512),
  ts         TIMESTAMP,
  rssi_dbm   DOUBLE PRECISION,
  snr_db     DOUBLE PRECISION,
  rsrp_dbm   DOUBLE PRECISION,
  rsrq_db    DOUBLE PRECISION,
  cell_id    VARCHAR(256),
  lat        DOUBLE PRECISION,
  lon        DOUBLE PRECISION,
  battery_mv INTEGER,
  fetched_at TIMESTAMP
)
PARTITIONED BY ("date" VARCHAR(10))
STORED AS PARQUET
LOCATION 's3://BUCKET/PREFIX/signal/';

CREATE EXTERNAL TABLE devicetrail_archive.activity (
  device_id  VARCHAR(128),
  tenant_id  VARCHAR(512),
  event_id   VARCHAR(1024),
  ts         TIMESTAMP,
  type       VARCHAR(64),
  outcome    VARCHAR(16),
  detail     VARCHAR(65535),
  fetched_at TIMESTAMP
)
PARTITIONED BY ("date" VARCHAR(10))
STORED AS PARQUET
LOCATION 's3://BUCKET/PREFIX/activity/';

-- One day's partitions, YYYY-MM-DD as in the path; IF NOT EXISTS makes it safe to repeat.
ALTER TABLE devicetrail_archive.signal ADD IF NOT EXISTS
PARTITION ("date" = 'YYYY-MM-DD') LOCATION 's3://BUCKET/PREFIX/signal/date=YYYY-MM-DD/';
ALTER TABLE devicetrail_archive.activity ADD IF NOT EXISTS
PARTITION ("date" = 'YYYY-MM-DD') LOCATION 's3://BUCKET/PREFIX/activity/date=YYYY-MM-DD/';
