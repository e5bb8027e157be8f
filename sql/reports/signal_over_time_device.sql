-- Signal over time of one device
--
-- Answers: how did this device's signal go over [from, to)? One row per raw reading for a range of
-- up to 2 days that raw retention still covers, one per hourly bucket up to 35 days, one per daily
-- bucket beyond: f_signal_tier (warehouse migration V2) picks the tier from the range's length and
-- age, and the rows are those of signal_series_all whose bucket overlaps the range.
--
-- Parameters:
--   :tenant_id  VARCHAR      the device's tenant
--   :device_id  VARCHAR      the device
--   :from       TIMESTAMPTZ  start of the range (inclusive)
--   :to         TIMESTAMPTZ  end of the range (exclusive)
--   :as_of      TIMESTAMPTZ  when the question is asked (usually now): retention is judged from it
--
-- Runs on Redshift and on the stand-in; there, signal_series(:tenant_id, :device_id, :from, :to)
-- returns the same rows.
SELECT tier, bucket_start, bucket_end, readings, expected_readings,
       rssi_min, rssi_avg, rssi_max, rssi_p10, rssi_p50, rssi_p90,
       snr_avg, battery_min_mv, cells_seen, cell_changes, is_final
FROM signal_series_all
WHERE tenant_id = CAST(:tenant_id AS VARCHAR(512))
  AND device_id = CAST(:device_id AS VARCHAR(128))
  AND tier = f_signal_tier(CAST(:from AS TIMESTAMPTZ), CAST(:to AS TIMESTAMPTZ),
                           CAST(:as_of AS TIMESTAMPTZ))
  AND bucket_start >= CAST(:from AS TIMESTAMPTZ) - INTERVAL '24 hours'
  AND bucket_start < CAST(:to AS TIMESTAMPTZ)
  AND (bucket_end > CAST(:from AS TIMESTAMPTZ) OR bucket_start >= CAST(:from AS TIMESTAMPTZ))
ORDER BY bucket_start;
