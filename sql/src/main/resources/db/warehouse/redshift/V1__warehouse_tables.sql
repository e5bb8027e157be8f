-- The warehouse (CONTRACT §5), Amazon Redshift flavour: the production schema.
--
-- db/warehouse/postgres/V1__warehouse_tables.sql is the local stand-in with the same tables, columns
-- and types in PostgreSQL terms; WarehouseFlavoursTest parses this file and compares it with the
-- stand-in's catalog, so the two cannot drift. Never edit an applied migration; add V2__... to both.
--
-- Choices, the same for every table:
-- * DISTSTYLE KEY, DISTKEY (device_id): all rows of a device, in every table, live on one slice, so
--   joins on device_id (rollups to raw, facts to dim_device) and the sinks' stage-and-merge joins run
--   collocated.
-- * COMPOUND SORTKEY led by the time column, then device_id: analysts filter on time ranges, and many
--   devices share a ts or bucket_start, so device_id orders the rows within one instant.
-- * The leading sort key column is ENCODE RAW (compressing it makes range-restricted scans read more
--   blocks; Redshift itself assigns RAW to sort keys). Other timestamps and integers are AZ64;
--   floats, booleans, text and SUPER are ZSTD (AZ64 supports neither floats nor text).
-- * VARCHAR lengths are bytes here (characters in PostgreSQL); the writers cut longer text at a
--   UTF-8 boundary so that one odd value cannot fail its batch forever. device_id is at most 128
--   ASCII characters and tenant_id at most 128 characters (events' Validator), event_id at most 256.
-- * Primary keys are declared for the planner only: Redshift does not enforce them. The writers
--   never rely on them: they deduplicate each batch, stage it, and prune or merge by key.

-- Every reading at full resolution (kept 7 days). The columns are in the order of the raw archive's
-- Parquet files (connectors' ArchiveSchemas.SIGNAL) because COPY ... FORMAT AS PARQUET maps columns
-- by position: a stage created LIKE this table loads the archive's files as they are.
CREATE TABLE signal_raw (
    device_id  VARCHAR(128)     NOT NULL ENCODE ZSTD,
    tenant_id  VARCHAR(512)     NOT NULL ENCODE ZSTD,
    ts         TIMESTAMPTZ      NOT NULL ENCODE RAW,
    rssi_dbm   DOUBLE PRECISION NOT NULL ENCODE ZSTD,
    snr_db     DOUBLE PRECISION          ENCODE ZSTD,
    rsrp_dbm   DOUBLE PRECISION          ENCODE ZSTD,
    rsrq_db    DOUBLE PRECISION          ENCODE ZSTD,
    cell_id    VARCHAR(256)              ENCODE ZSTD,
    lat        DOUBLE PRECISION          ENCODE ZSTD,
    lon        DOUBLE PRECISION          ENCODE ZSTD,
    battery_mv INTEGER                   ENCODE AZ64,
    fetched_at TIMESTAMPTZ      NOT NULL ENCODE AZ64,
    PRIMARY KEY (device_id, ts)
)
DISTSTYLE KEY
DISTKEY (device_id)
COMPOUND SORTKEY (ts, device_id);

-- Rollup per device and UTC hour (kept 35 days). A row is rewritten whole by each revision.
CREATE TABLE signal_hourly (
    device_id         VARCHAR(128)     NOT NULL ENCODE ZSTD,
    tenant_id         VARCHAR(512)     NOT NULL ENCODE ZSTD,
    bucket_start      TIMESTAMPTZ      NOT NULL ENCODE RAW,
    readings          INTEGER          NOT NULL ENCODE AZ64,
    expected_readings INTEGER                   ENCODE AZ64,
    rssi_min          DOUBLE PRECISION NOT NULL ENCODE ZSTD,
    rssi_max          DOUBLE PRECISION NOT NULL ENCODE ZSTD,
    rssi_avg          DOUBLE PRECISION NOT NULL ENCODE ZSTD,
    rssi_p10          DOUBLE PRECISION NOT NULL ENCODE ZSTD,
    rssi_p50          DOUBLE PRECISION NOT NULL ENCODE ZSTD,
    rssi_p90          DOUBLE PRECISION NOT NULL ENCODE ZSTD,
    snr_avg           DOUBLE PRECISION          ENCODE ZSTD,
    cells_seen        INTEGER          NOT NULL ENCODE AZ64,
    cell_changes      INTEGER          NOT NULL ENCODE AZ64,
    battery_min_mv    INTEGER                   ENCODE AZ64,
    longest_gap_s     INTEGER          NOT NULL ENCODE AZ64,
    late_readings     INTEGER          NOT NULL ENCODE AZ64,
    max_lateness_s    INTEGER          NOT NULL ENCODE AZ64,
    revision          INTEGER          NOT NULL ENCODE AZ64,
    is_final          BOOLEAN          NOT NULL ENCODE ZSTD,
    updated_at        TIMESTAMPTZ      NOT NULL ENCODE AZ64,
    PRIMARY KEY (device_id, bucket_start)
)
DISTSTYLE KEY
DISTKEY (device_id)
COMPOUND SORTKEY (bucket_start, device_id);

-- Rollup per device and UTC day (kept 400 days): the same columns as signal_hourly.
CREATE TABLE signal_daily (
    device_id         VARCHAR(128)     NOT NULL ENCODE ZSTD,
    tenant_id         VARCHAR(512)     NOT NULL ENCODE ZSTD,
    bucket_start      TIMESTAMPTZ      NOT NULL ENCODE RAW,
    readings          INTEGER          NOT NULL ENCODE AZ64,
    expected_readings INTEGER                   ENCODE AZ64,
    rssi_min          DOUBLE PRECISION NOT NULL ENCODE ZSTD,
    rssi_max          DOUBLE PRECISION NOT NULL ENCODE ZSTD,
    rssi_avg          DOUBLE PRECISION NOT NULL ENCODE ZSTD,
    rssi_p10          DOUBLE PRECISION NOT NULL ENCODE ZSTD,
    rssi_p50          DOUBLE PRECISION NOT NULL ENCODE ZSTD,
    rssi_p90          DOUBLE PRECISION NOT NULL ENCODE ZSTD,
    snr_avg           DOUBLE PRECISION          ENCODE ZSTD,
    cells_seen        INTEGER          NOT NULL ENCODE AZ64,
    cell_changes      INTEGER          NOT NULL ENCODE AZ64,
    battery_min_mv    INTEGER                   ENCODE AZ64,
    longest_gap_s     INTEGER          NOT NULL ENCODE AZ64,
    late_readings     INTEGER          NOT NULL ENCODE AZ64,
    max_lateness_s    INTEGER          NOT NULL ENCODE AZ64,
    revision          INTEGER          NOT NULL ENCODE AZ64,
    is_final          BOOLEAN          NOT NULL ENCODE ZSTD,
    updated_at        TIMESTAMPTZ      NOT NULL ENCODE AZ64,
    PRIMARY KEY (device_id, bucket_start)
)
DISTSTYLE KEY
DISTKEY (device_id)
COMPOUND SORTKEY (bucket_start, device_id);

-- Every activity event (kept 400 days), columns in the archive's order (ArchiveSchemas.ACTIVITY).
-- detail is SUPER: analysts navigate it with PartiQL (detail.firmware); writers insert JSON_PARSE(text).
CREATE TABLE activity_event (
    device_id  VARCHAR(128)  NOT NULL ENCODE ZSTD,
    tenant_id  VARCHAR(512)  NOT NULL ENCODE ZSTD,
    event_id   VARCHAR(1024) NOT NULL ENCODE ZSTD,
    ts         TIMESTAMPTZ   NOT NULL ENCODE RAW,
    type       VARCHAR(64)   NOT NULL ENCODE ZSTD,
    outcome    VARCHAR(16)   NOT NULL ENCODE ZSTD,
    detail     SUPER                  ENCODE ZSTD,
    fetched_at TIMESTAMPTZ   NOT NULL ENCODE AZ64,
    PRIMARY KEY (event_id)
)
DISTSTYLE KEY
DISTKEY (device_id)
COMPOUND SORTKEY (ts, device_id);

-- Device attributes as a type-2 slowly changing dimension (kept always). One row per version:
-- [valid_from, valid_to), valid_to NULL and is_current true for the one current row of a device.
-- Point-in-time join: fact.device_id = d.device_id AND fact.ts >= d.valid_from
--                     AND (fact.ts < d.valid_to OR d.valid_to IS NULL).
CREATE TABLE dim_device (
    device_key           BIGINT IDENTITY(1, 1) NOT NULL ENCODE AZ64,
    device_id            VARCHAR(128)          NOT NULL ENCODE ZSTD,
    tenant_id            VARCHAR(512)          NOT NULL ENCODE ZSTD,
    model                VARCHAR(256)                   ENCODE ZSTD,
    firmware             VARCHAR(256)                   ENCODE ZSTD,
    config_version       INTEGER               NOT NULL ENCODE AZ64,
    reporting_interval_s INTEGER                        ENCODE AZ64,
    site                 VARCHAR(256)                   ENCODE ZSTD,
    valid_from           TIMESTAMPTZ           NOT NULL ENCODE RAW,
    valid_to             TIMESTAMPTZ                    ENCODE AZ64,
    is_current           BOOLEAN               NOT NULL ENCODE ZSTD,
    PRIMARY KEY (device_key)
)
DISTSTYLE KEY
DISTKEY (device_id)
COMPOUND SORTKEY (valid_from, device_id);

-- Added (not in the contract): every distinct attribute observation the dim_device writer has seen,
-- keyed by (device_id, valid_from). dim_device is derived from it, so its history does not depend on
-- the order in which changes arrive: a change that repeated the attributes of its time is kept here
-- and still bounds an older change that arrives after it.
CREATE TABLE dim_device_change (
    device_id            VARCHAR(128) NOT NULL ENCODE ZSTD,
    valid_from           TIMESTAMPTZ  NOT NULL ENCODE RAW,
    tenant_id            VARCHAR(512) NOT NULL ENCODE ZSTD,
    model                VARCHAR(256)          ENCODE ZSTD,
    firmware             VARCHAR(256)          ENCODE ZSTD,
    config_version       INTEGER      NOT NULL ENCODE AZ64,
    reporting_interval_s INTEGER               ENCODE AZ64,
    site                 VARCHAR(256)          ENCODE ZSTD,
    PRIMARY KEY (device_id, valid_from)
)
DISTSTYLE KEY
DISTKEY (device_id)
COMPOUND SORTKEY (valid_from, device_id);
