-- Signal before and after configuration updates
--
-- Answers: did a configuration change help or hurt? For every successful CONFIG_UPDATE event in
-- [from, to): the device's attributes from dim_device as of the event (the version with
-- valid_from <= ts < valid_to, or the open one) and the version in force just before it, and the
-- reading-weighted mean RSSI of the hourly buckets that end by the event within window_hours
-- before it, against those that start at or after it within window_hours after it (the hour that
-- holds the event is in neither). A negative change_db means worse after.
--
-- Parameters:
--   :tenant_id     VARCHAR      the tenant, or NULL for every tenant
--   :from          TIMESTAMPTZ  first event time (inclusive)
--   :to            TIMESTAMPTZ  last event time (exclusive)
--   :window_hours  INTEGER      hours compared on each side (e.g. 24; within hourly retention)
--
-- Runs on Redshift and on the stand-in.
WITH updates AS (
  SELECT e.event_id, e.device_id, e.tenant_id, e.ts
  FROM activity_event e
  WHERE e.type = 'CONFIG_UPDATE'
    AND e.outcome = 'OK'
    AND e.ts >= CAST(:from AS TIMESTAMPTZ)
    AND e.ts < CAST(:to AS TIMESTAMPTZ)
    AND (CAST(:tenant_id AS VARCHAR(512)) IS NULL
         OR e.tenant_id = CAST(:tenant_id AS VARCHAR(512)))
),
versions AS (
  SELECT u.event_id,
         MAX(CASE WHEN d.valid_from <= u.ts AND (d.valid_to IS NULL OR u.ts < d.valid_to)
                  THEN d.config_version END) AS config_version,
         MAX(CASE WHEN d.valid_from <= u.ts AND (d.valid_to IS NULL OR u.ts < d.valid_to)
                  THEN d.firmware END) AS firmware,
         MAX(CASE WHEN d.valid_from <= u.ts AND (d.valid_to IS NULL OR u.ts < d.valid_to)
                  THEN d.model END) AS model,
         MAX(CASE WHEN d.valid_from < u.ts AND (d.valid_to IS NULL OR u.ts <= d.valid_to)
                  THEN d.config_version END) AS config_version_before
  FROM updates u
  JOIN dim_device d ON d.device_id = u.device_id
  GROUP BY u.event_id
),
signal AS (
  SELECT u.event_id,
         SUM(CASE WHEN h.bucket_start + INTERVAL '1 hour' <= u.ts THEN h.readings END)
           AS readings_before,
         SUM(CASE WHEN h.bucket_start + INTERVAL '1 hour' <= u.ts
                  THEN h.rssi_avg * h.readings END)
           / NULLIF(SUM(CASE WHEN h.bucket_start + INTERVAL '1 hour' <= u.ts
                             THEN h.readings END), 0) AS rssi_avg_before,
         SUM(CASE WHEN h.bucket_start >= u.ts THEN h.readings END) AS readings_after,
         SUM(CASE WHEN h.bucket_start >= u.ts THEN h.rssi_avg * h.readings END)
           / NULLIF(SUM(CASE WHEN h.bucket_start >= u.ts THEN h.readings END), 0)
           AS rssi_avg_after
  FROM updates u
  JOIN signal_hourly h
    ON h.device_id = u.device_id
   AND h.bucket_start >= f_add_seconds(u.ts, -3600 * CAST(:window_hours AS INTEGER))
   AND h.bucket_start + INTERVAL '1 hour'
       <= f_add_seconds(u.ts, 3600 * CAST(:window_hours AS INTEGER))
  GROUP BY u.event_id
)
SELECT u.event_id, u.device_id, u.tenant_id, u.ts AS updated_at,
       v.config_version_before, v.config_version, v.firmware, v.model,
       s.readings_before, s.rssi_avg_before, s.readings_after, s.rssi_avg_after,
       s.rssi_avg_after - s.rssi_avg_before AS change_db
FROM updates u
LEFT JOIN versions v ON v.event_id = u.event_id
LEFT JOIN signal s ON s.event_id = u.event_id
ORDER BY u.ts, u.device_id;
