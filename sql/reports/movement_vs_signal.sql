-- Movement (cell changes) against signal
--
-- Answers: is the signal worse in the hours a device moves between cells? Every device-hour of
-- signal_hourly in [from, to) is put in a band by its cell changes (0, 1, 2, 3+); per band: how
-- many device-hours and devices, the share of all device-hours, the reading-weighted mean RSSI, the
-- mean p10 and the mean SNR. Compare the bands' RSSI with the 0 band's.
--
-- Parameters:
--   :tenant_id  VARCHAR      the tenant, or NULL for every tenant
--   :from       TIMESTAMPTZ  first hour (inclusive; within hourly retention, 35 days)
--   :to         TIMESTAMPTZ  end (exclusive)
--
-- Runs on Redshift and on the stand-in.
WITH hours AS (
  SELECT CASE WHEN cell_changes = 0 THEN '0'
              WHEN cell_changes = 1 THEN '1'
              WHEN cell_changes = 2 THEN '2'
              ELSE '3+' END AS cell_changes_in_hour,
         device_id, readings, rssi_avg, rssi_p10, snr_avg
  FROM signal_hourly
  WHERE bucket_start >= CAST(:from AS TIMESTAMPTZ)
    AND bucket_start < CAST(:to AS TIMESTAMPTZ)
    AND (CAST(:tenant_id AS VARCHAR(512)) IS NULL
         OR tenant_id = CAST(:tenant_id AS VARCHAR(512)))
)
SELECT cell_changes_in_hour,
       COUNT(*) AS device_hours,
       COUNT(DISTINCT device_id) AS devices,
       CAST(COUNT(*) AS DOUBLE PRECISION) / SUM(COUNT(*)) OVER () AS share_of_device_hours,
       SUM(readings) AS readings,
       SUM(rssi_avg * readings) / SUM(readings) AS rssi_avg,
       AVG(rssi_p10) AS rssi_p10_avg,
       AVG(snr_avg) AS snr_avg
FROM hours
GROUP BY cell_changes_in_hour
ORDER BY cell_changes_in_hour;
