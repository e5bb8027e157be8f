-- Worst devices over the last hour, day or week
--
-- Answers: which n devices had the worst signal (lowest mean RSSI), the most timeouts, or the worst
-- coverage in the window ending at as_of? Signal and coverage come from the tier f_signal_tier picks
-- for the window (raw readings for an hour or a day, hourly buckets for a week: pass an as_of on the
-- hour so the week is 168 whole buckets); timeouts are TIMEOUT events of activity_event. Every
-- current device of dim_device is ranked, silent ones too (no RSSI, coverage 0). The interval for
-- coverage is the vendor's, else the learned one, as in coverage_and_gaps. Ties go by device_id.
--
-- Parameters:
--   :tenant_id  VARCHAR      the tenant, or NULL for every tenant
--   :window     VARCHAR      hour, day or week
--   :as_of      TIMESTAMPTZ  end of the window (exclusive), usually now
--   :metric     VARCHAR      signal (lowest mean RSSI first), timeouts (most first) or coverage
--                            (lowest first)
--   :n          INTEGER      how many devices
--
-- Runs on Redshift and on the stand-in.
WITH bounds AS (
  SELECT CAST(:as_of AS TIMESTAMPTZ) AS window_end,
         CASE CAST(:window AS VARCHAR(4))
           WHEN 'hour' THEN 3600 WHEN 'day' THEN 86400 WHEN 'week' THEN 604800
         END AS window_s
),
windowed AS (
  SELECT window_end, window_s, f_add_seconds(window_end, -window_s) AS window_start
  FROM bounds
),
devices AS (
  SELECT device_id, tenant_id, reporting_interval_s
  FROM dim_device
  WHERE is_current
    AND (CAST(:tenant_id AS VARCHAR(512)) IS NULL
         OR tenant_id = CAST(:tenant_id AS VARCHAR(512)))
),
signal AS (
  SELECT s.device_id, SUM(s.readings) AS readings,
         SUM(s.rssi_avg * s.readings) / SUM(s.readings) AS rssi_avg
  FROM signal_series_all s
  CROSS JOIN windowed w
  WHERE s.tier = f_signal_tier(w.window_start, w.window_end, w.window_end)
    AND s.bucket_start >= w.window_start
    AND s.bucket_start < w.window_end
    AND (CAST(:tenant_id AS VARCHAR(512)) IS NULL
         OR s.tenant_id = CAST(:tenant_id AS VARCHAR(512)))
  GROUP BY s.device_id
),
timeouts AS (
  SELECT a.device_id, COUNT(*) AS timeouts
  FROM activity_event a
  CROSS JOIN windowed w
  WHERE a.type = 'TIMEOUT'
    AND a.ts >= w.window_start
    AND a.ts < w.window_end
    AND (CAST(:tenant_id AS VARCHAR(512)) IS NULL
         OR a.tenant_id = CAST(:tenant_id AS VARCHAR(512)))
  GROUP BY a.device_id
),
learned AS (
  SELECT h.device_id, MIN(3600.0 / h.expected_readings) AS interval_s
  FROM signal_hourly h
  CROSS JOIN windowed w
  WHERE h.bucket_start >= w.window_start - INTERVAL '168 hours'
    AND h.bucket_start < w.window_end
    AND h.expected_readings > 0
  GROUP BY h.device_id
),
scored AS (
  SELECT d.device_id, d.tenant_id, s.rssi_avg,
         COALESCE(s.readings, 0) AS readings,
         COALESCE(t.timeouts, 0) AS timeouts,
         LEAST(1.0, COALESCE(s.readings, 0)
                    / (w.window_s / COALESCE(CAST(d.reporting_interval_s AS DOUBLE PRECISION),
                                             l.interval_s))) AS coverage
  FROM devices d
  CROSS JOIN windowed w
  LEFT JOIN signal s ON s.device_id = d.device_id
  LEFT JOIN timeouts t ON t.device_id = d.device_id
  LEFT JOIN learned l ON l.device_id = d.device_id
),
ranked AS (
  SELECT scored.*,
         ROW_NUMBER() OVER (
           ORDER BY CASE CAST(:metric AS VARCHAR(8))
                      WHEN 'signal' THEN rssi_avg
                      WHEN 'timeouts' THEN -CAST(timeouts AS DOUBLE PRECISION)
                      WHEN 'coverage' THEN coverage
                    END NULLS LAST,
                    device_id) AS rank
  FROM scored
)
SELECT rank, device_id, tenant_id, rssi_avg, readings, coverage, timeouts
FROM ranked
WHERE rank <= CAST(:n AS INTEGER)
ORDER BY rank;
