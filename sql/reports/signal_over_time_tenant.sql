-- Signal over time of a tenant's fleet
--
-- Answers: how did the signal of all of a tenant's devices go over [from, to)? The same tier choice
-- as signal_over_time_device (f_signal_tier over signal_series_all); raw readings are pooled into
-- 5-minute slots, hourly and daily buckets are slots of their own. Per slot: how many devices
-- reported, how many readings, the reading-weighted mean RSSI, the extremes, the worst device p10,
-- and the coverage (readings / expected readings, rollup tiers only; above 1 only when devices
-- sample faster than their interval says).
--
-- Parameters:
--   :tenant_id  VARCHAR      the tenant
--   :from       TIMESTAMPTZ  start of the range (inclusive)
--   :to         TIMESTAMPTZ  end of the range (exclusive)
--   :as_of      TIMESTAMPTZ  when the question is asked (usually now): retention is judged from it
--
-- Runs on Redshift and on the stand-in (sessions in UTC: slots are cut in the session's time zone).
WITH series AS (
  SELECT tier, device_id,
         -- DATE_TRUNC returns TIMESTAMP on Redshift and TIMESTAMPTZ on PostgreSQL: cast it, so
         -- both branches of the CASE are TIMESTAMPTZ in both flavours. The slot is moved back by a
         -- computed number of seconds with f_add_seconds: "integer * INTERVAL" is not Redshift's.
         CASE WHEN tier = 'raw'
              THEN f_add_seconds(CAST(DATE_TRUNC('minute', bucket_start) AS TIMESTAMPTZ),
                                 -60 * (CAST(EXTRACT(MINUTE FROM bucket_start) AS INTEGER) % 5))
              ELSE bucket_start
         END AS slot_start,
         readings, expected_readings, rssi_min, rssi_avg, rssi_max, rssi_p10
  FROM signal_series_all
  WHERE tenant_id = CAST(:tenant_id AS VARCHAR(512))
    AND tier = f_signal_tier(CAST(:from AS TIMESTAMPTZ), CAST(:to AS TIMESTAMPTZ),
                             CAST(:as_of AS TIMESTAMPTZ))
    AND bucket_start >= CAST(:from AS TIMESTAMPTZ) - INTERVAL '24 hours'
    AND bucket_start < CAST(:to AS TIMESTAMPTZ)
    AND (bucket_end > CAST(:from AS TIMESTAMPTZ) OR bucket_start >= CAST(:from AS TIMESTAMPTZ))
)
SELECT tier, slot_start,
       COUNT(DISTINCT device_id) AS devices,
       SUM(readings) AS readings,
       SUM(rssi_avg * readings) / SUM(readings) AS rssi_avg,
       MIN(rssi_min) AS rssi_min,
       MAX(rssi_max) AS rssi_max,
       MIN(rssi_p10) AS rssi_p10_worst_device,
       CAST(SUM(CASE WHEN expected_readings IS NOT NULL THEN readings END) AS DOUBLE PRECISION)
         / NULLIF(SUM(expected_readings), 0) AS coverage
FROM series
GROUP BY tier, slot_start
ORDER BY slot_start;
