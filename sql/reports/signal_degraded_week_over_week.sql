-- Devices whose signal degraded week over week
--
-- Answers: which devices' mean RSSI dropped by at least min_drop_db from last week to this week?
-- "This week" is the 7 UTC days before as_of, "last week" the 7 before those, both from
-- signal_daily (reading-weighted means of the daily means, so a day with more readings weighs
-- more). Devices with fewer than min_readings readings in either week are left out: too little to
-- compare. Worst drop first.
--
-- Parameters:
--   :tenant_id    VARCHAR           the tenant, or NULL for every tenant
--   :as_of        TIMESTAMPTZ       end of this week (exclusive): a UTC midnight, usually today's
--   :min_drop_db  DOUBLE PRECISION  how much the mean must fall to be listed, dB (e.g. 3)
--   :min_readings INTEGER           readings each week must have to be compared (e.g. 24)
--
-- Runs on Redshift and on the stand-in.
WITH days AS (
  SELECT device_id, tenant_id, readings, rssi_avg, rssi_p10,
         CASE WHEN bucket_start >= CAST(:as_of AS TIMESTAMPTZ) - INTERVAL '168 hours'
              THEN 1 ELSE 0 END AS this_week
  FROM signal_daily
  WHERE bucket_start >= CAST(:as_of AS TIMESTAMPTZ) - INTERVAL '336 hours'
    AND bucket_start < CAST(:as_of AS TIMESTAMPTZ)
    AND (CAST(:tenant_id AS VARCHAR(512)) IS NULL
         OR tenant_id = CAST(:tenant_id AS VARCHAR(512)))
),
weeks AS (
  SELECT device_id, tenant_id,
         SUM(CASE WHEN this_week = 0 THEN readings ELSE 0 END) AS readings_last_week,
         SUM(CASE WHEN this_week = 1 THEN readings ELSE 0 END) AS readings_this_week,
         SUM(CASE WHEN this_week = 0 THEN rssi_avg * readings END)
           / NULLIF(SUM(CASE WHEN this_week = 0 THEN readings END), 0) AS rssi_avg_last_week,
         SUM(CASE WHEN this_week = 1 THEN rssi_avg * readings END)
           / NULLIF(SUM(CASE WHEN this_week = 1 THEN readings END), 0) AS rssi_avg_this_week,
         SUM(CASE WHEN this_week = 0 THEN rssi_p10 * readings END)
           / NULLIF(SUM(CASE WHEN this_week = 0 THEN readings END), 0) AS rssi_p10_last_week,
         SUM(CASE WHEN this_week = 1 THEN rssi_p10 * readings END)
           / NULLIF(SUM(CASE WHEN this_week = 1 THEN readings END), 0) AS rssi_p10_this_week
  FROM days
  GROUP BY device_id, tenant_id
)
SELECT device_id, tenant_id,
       rssi_avg_last_week, rssi_avg_this_week,
       rssi_avg_this_week - rssi_avg_last_week AS change_db,
       rssi_p10_last_week, rssi_p10_this_week,
       readings_last_week, readings_this_week
FROM weeks
WHERE readings_last_week >= CAST(:min_readings AS INTEGER)
  AND readings_this_week >= CAST(:min_readings AS INTEGER)
  AND rssi_avg_this_week - rssi_avg_last_week <= -CAST(:min_drop_db AS DOUBLE PRECISION)
ORDER BY change_db, device_id;
