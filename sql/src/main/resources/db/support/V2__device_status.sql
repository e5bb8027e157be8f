-- Learned cadence and the status support staff read (CONTRACT §4, §6).
--
-- last_upload_at: when the device's latest upload reached us (fetched_at of the first reading of the
-- upload). The job writes it with learned_interval_s, learned_upload_gap_s and next_upload_due_at,
-- forward-only on this column.
ALTER TABLE device_latest ADD COLUMN last_upload_at timestamptz;

COMMENT ON COLUMN device_latest.last_upload_at IS
  'When the latest upload of the device was fetched; the clock next_upload_due_at is computed on.';

-- status, from the clock at read time:
--   SILENT   nothing for more than 3x its usual upload gap since the last upload
--   OVERDUE  past next_upload_due_at
--   AWAKE    uploading on schedule: it streams (upload gap at most twice its sampling interval)
--            or uploaded within the last 5 minutes
--   ASLEEP   between uploads and not yet due
-- Before the job has learned a device's cadence, its gap defaults to one hour and the last upload to
-- its newest reading.
CREATE VIEW device_status AS
WITH c AS (
  SELECT l.*,
         COALESCE(l.learned_upload_gap_s, l.learned_interval_s, 3600) AS gap_s,
         COALESCE(l.last_upload_at, l.last_reading_ts, l.last_activity_ts) AS last_seen_at
  FROM device_latest l
)
SELECT c.device_id, c.tenant_id, c.last_reading_ts, c.rssi_dbm, c.snr_db, c.cell_id, c.lat, c.lon,
       c.battery_mv, c.last_activity_ts, c.last_activity_type, c.last_activity_outcome,
       c.learned_interval_s, c.learned_upload_gap_s, c.next_upload_due_at, c.last_upload_at,
       c.updated_at,
       CASE
         WHEN c.last_seen_at IS NULL
           OR now() > c.last_seen_at + make_interval(secs => 3 * c.gap_s) THEN 'SILENT'
         WHEN now() > COALESCE(c.next_upload_due_at, c.last_seen_at + make_interval(secs => c.gap_s))
           THEN 'OVERDUE'
         WHEN c.gap_s <= 2 * COALESCE(c.learned_interval_s, 0)
           OR now() <= c.last_seen_at + interval '5 minutes' THEN 'AWAKE'
         ELSE 'ASLEEP'
       END AS status
FROM c;

COMMENT ON VIEW device_status IS
  'device_latest plus status (AWAKE, ASLEEP, OVERDUE, SILENT) computed from the clock at read time.';
