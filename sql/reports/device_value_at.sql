-- The value of a device at a time T
--
-- Answers: what did this device report at time T, and what was it then (model, firmware,
-- configuration, site)? The value is the newest raw reading at or before T (within 48 hours of it)
-- while raw retention lasts; after that, the hourly bucket holding T, then the daily bucket
-- holding T (their mean, min and max). age_s says how old the value was at T (for a bucket: T
-- minus its start). The attributes are the dim_device version valid at T. Always one row; the
-- value columns are null when nothing was stored for T.
--
-- Parameters:
--   :device_id  VARCHAR      the device
--   :at         TIMESTAMPTZ  the time T
--
-- Runs on Redshift and on the stand-in.
WITH candidates AS (
  SELECT 1 AS preference, CAST('raw' AS VARCHAR(6)) AS tier, r.ts AS value_ts,
         r.rssi_dbm AS rssi_dbm, r.rssi_dbm AS rssi_min, r.rssi_dbm AS rssi_max,
         r.snr_db AS snr_db, r.cell_id AS cell_id, r.battery_mv AS battery_mv, 1 AS readings
  FROM signal_raw r
  WHERE r.device_id = CAST(:device_id AS VARCHAR(128))
    AND r.ts <= CAST(:at AS TIMESTAMPTZ)
    AND r.ts > CAST(:at AS TIMESTAMPTZ) - INTERVAL '48 hours'
  UNION ALL
  SELECT 2, CAST('hourly' AS VARCHAR(6)), h.bucket_start,
         h.rssi_avg, h.rssi_min, h.rssi_max, h.snr_avg, CAST(NULL AS VARCHAR(256)),
         h.battery_min_mv, h.readings
  FROM signal_hourly h
  WHERE h.device_id = CAST(:device_id AS VARCHAR(128))
    AND h.bucket_start <= CAST(:at AS TIMESTAMPTZ)
    AND h.bucket_start > CAST(:at AS TIMESTAMPTZ) - INTERVAL '1 hour'
  UNION ALL
  SELECT 3, CAST('daily' AS VARCHAR(6)), d.bucket_start,
         d.rssi_avg, d.rssi_min, d.rssi_max, d.snr_avg, CAST(NULL AS VARCHAR(256)),
         d.battery_min_mv, d.readings
  FROM signal_daily d
  WHERE d.device_id = CAST(:device_id AS VARCHAR(128))
    AND d.bucket_start <= CAST(:at AS TIMESTAMPTZ)
    AND d.bucket_start > CAST(:at AS TIMESTAMPTZ) - INTERVAL '24 hours'
),
best AS (
  SELECT candidates.*,
         ROW_NUMBER() OVER (ORDER BY preference, value_ts DESC) AS pick
  FROM candidates
)
SELECT CAST(:device_id AS VARCHAR(128)) AS device_id,
       CAST(:at AS TIMESTAMPTZ) AS at,
       b.tier, b.value_ts,
       EXTRACT(EPOCH FROM CAST(:at AS TIMESTAMPTZ)) - EXTRACT(EPOCH FROM b.value_ts) AS age_s,
       b.rssi_dbm, b.rssi_min, b.rssi_max, b.snr_db, b.cell_id, b.battery_mv, b.readings,
       v.tenant_id, v.model, v.firmware, v.config_version, v.reporting_interval_s, v.site
FROM (SELECT 1 AS one) AS t
LEFT JOIN best b ON b.pick = 1
LEFT JOIN dim_device v
  ON v.device_id = CAST(:device_id AS VARCHAR(128))
 AND v.valid_from <= CAST(:at AS TIMESTAMPTZ)
 AND (v.valid_to IS NULL OR CAST(:at AS TIMESTAMPTZ) < v.valid_to);
