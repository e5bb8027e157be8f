-- The support database (CONTRACT §4): recent, per-device data for the support pages.
--
-- Every table carries tenant_id so that later row-level security can restrict client-facing roles to
-- their tenant. Keys are the contract's identities, so idempotent writers (INSERT ... ON CONFLICT) can
-- replay at-least-once deliveries without duplicates. Left to later migrations: the device_status view
-- (needs the learned cadence), daily partitioning and retention of the *_recent tables, and roles.

-- Current device attributes as last listed by the vendor (CONTRACT §1 Device, §2 DeviceSnapshot).
CREATE TABLE device (
    device_id            text        NOT NULL,
    tenant_id            text        NOT NULL,
    model                text,
    firmware             text,
    config_version       integer     NOT NULL,
    reporting_interval_s integer,
    site                 text,
    updated_at           timestamptz NOT NULL, -- the vendor's updated_at: the writer only moves it forward
    fetched_at           timestamptz NOT NULL, -- when the poller first listed this version
    CONSTRAINT device_pkey PRIMARY KEY (device_id)
);
CREATE INDEX device_tenant_idx ON device (tenant_id, device_id);

-- Latest state per device. A row is created by whichever comes first, a reading or an activity event;
-- the reading columns and the activity columns each move forward in event time on their own.
CREATE TABLE device_latest (
    device_id               text        NOT NULL,
    tenant_id               text        NOT NULL,
    last_reading_ts         timestamptz,
    rssi_dbm                double precision,
    snr_db                  double precision,
    cell_id                 text,
    lat                     double precision,
    lon                     double precision,
    battery_mv              integer,
    last_activity_ts        timestamptz,
    last_activity_type      text,
    last_activity_outcome   text,
    -- The event behind the activity columns: makes "latest" well defined when two events share a ts.
    last_activity_event_id  text,
    learned_interval_s      integer,
    learned_upload_gap_s    integer,
    next_upload_due_at      timestamptz,
    updated_at              timestamptz NOT NULL, -- wall-clock time of the last change to this row
    CONSTRAINT device_latest_pkey PRIMARY KEY (device_id)
);
CREATE INDEX device_latest_tenant_idx ON device_latest (tenant_id, device_id);

-- Every reading at full resolution, kept 14 days. The key (device_id, ts) contains ts, so the table
-- can later become range-partitioned by day on ts without changing the key or its writers.
-- The primary key also serves "readings of one device, newest first" (a backward index scan).
CREATE TABLE signal_recent (
    device_id  text             NOT NULL,
    ts         timestamptz      NOT NULL,
    tenant_id  text             NOT NULL,
    rssi_dbm   double precision NOT NULL,
    snr_db     double precision,
    rsrp_dbm   double precision,
    rsrq_db    double precision,
    cell_id    text,
    lat        double precision,
    lon        double precision,
    battery_mv integer,
    fetched_at timestamptz      NOT NULL, -- when the poller fetched it: fetched_at - ts is the upload delay
    CONSTRAINT signal_recent_pkey PRIMARY KEY (device_id, ts)
);
CREATE INDEX signal_recent_tenant_ts_idx ON signal_recent (tenant_id, ts DESC);

-- Every activity event, kept 30 days. Note for the partitioning issue: a partitioned table's key must
-- contain the partition column, so daily partitions on ts need the key (event_id, ts) and writers
-- using ON CONFLICT (event_id, ts); an event's ts never changes, so that identifies it just as well.
CREATE TABLE activity_recent (
    event_id   text        NOT NULL,
    device_id  text        NOT NULL,
    tenant_id  text        NOT NULL,
    ts         timestamptz NOT NULL,
    type       text        NOT NULL,
    outcome    text        NOT NULL,
    detail     jsonb,
    fetched_at timestamptz NOT NULL,
    CONSTRAINT activity_recent_pkey PRIMARY KEY (event_id)
);
CREATE INDEX activity_recent_device_ts_idx ON activity_recent (device_id, ts DESC);
CREATE INDEX activity_recent_tenant_ts_idx ON activity_recent (tenant_id, ts DESC);
