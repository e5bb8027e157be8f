-- Coverage and longest gaps per device
--
-- Answers: which devices sent fewer readings than their interval promises over [from, to), and what
-- was the longest silence? From signal_raw, so exact, for ranges within raw retention (7 days).
-- Every current device of dim_device is listed, silent ones too (coverage 0, the whole range as
-- gap); a device first seen inside the range is measured from then. The interval is the vendor's
-- (dim_device), else the one the rollups learned (3600 / expected_readings of its hourly rows).
-- The longest gap counts the edges: from the range's start to the first reading, between
-- readings, and from the last reading to the range's end. Worst coverage first.
--
-- Parameters:
--   :tenant_id  VARCHAR      the tenant, or NULL for every tenant
--   :from       TIMESTAMPTZ  start of the range (inclusive)
--   :to         TIMESTAMPTZ  end of the range (exclusive)
--
-- Runs on Redshift and on the stand-in.
WITH devices AS (
  SELECT device_id, tenant_id, reporting_interval_s
  FROM dim_device
  WHERE is_current
    AND (CAST(:tenant_id AS VARCHAR(512)) IS NULL
         OR tenant_id = CAST(:tenant_id AS VARCHAR(512)))
),
first_seen AS (
  SELECT device_id, MIN(valid_from) AS first_seen
  FROM dim_device
  GROUP BY device_id
),
learned AS (
  SELECT device_id, MIN(3600.0 / expected_readings) AS interval_s
  FROM signal_hourly
  WHERE bucket_start >= CAST(:from AS TIMESTAMPTZ) - INTERVAL '168 hours'
    AND bucket_start < CAST(:to AS TIMESTAMPTZ)
    AND expected_readings > 0
  GROUP BY device_id
),
readings AS (
  SELECT device_id, ts, LAG(ts) OVER (PARTITION BY device_id ORDER BY ts) AS previous_ts
  FROM signal_raw
  WHERE ts >= CAST(:from AS TIMESTAMPTZ)
    AND ts < CAST(:to AS TIMESTAMPTZ)
    AND (CAST(:tenant_id AS VARCHAR(512)) IS NULL
         OR tenant_id = CAST(:tenant_id AS VARCHAR(512)))
),
per_device AS (
  SELECT device_id, COUNT(*) AS readings, MIN(ts) AS first_ts, MAX(ts) AS last_ts,
         MAX(EXTRACT(EPOCH FROM ts) - EXTRACT(EPOCH FROM previous_ts)) AS longest_inner_gap_s
  FROM readings
  GROUP BY device_id
),
measured AS (
  SELECT d.device_id, d.tenant_id,
         COALESCE(CAST(d.reporting_interval_s AS DOUBLE PRECISION), l.interval_s) AS interval_s,
         EXTRACT(EPOCH FROM CAST(:to AS TIMESTAMPTZ))
           - EXTRACT(EPOCH FROM GREATEST(CAST(:from AS TIMESTAMPTZ), f.first_seen)) AS range_s,
         EXTRACT(EPOCH FROM GREATEST(CAST(:from AS TIMESTAMPTZ), f.first_seen)) AS range_start_s,
         COALESCE(p.readings, 0) AS readings,
         p.first_ts, p.last_ts, p.longest_inner_gap_s
  FROM devices d
  JOIN first_seen f ON f.device_id = d.device_id
  LEFT JOIN learned l ON l.device_id = d.device_id
  LEFT JOIN per_device p ON p.device_id = d.device_id
  WHERE f.first_seen < CAST(:to AS TIMESTAMPTZ)
)
SELECT device_id, tenant_id, interval_s, readings,
       range_s / interval_s AS expected_readings,
       LEAST(1.0, readings / (range_s / interval_s)) AS coverage,
       CASE WHEN readings = 0 THEN range_s
            ELSE GREATEST(EXTRACT(EPOCH FROM first_ts) - range_start_s,
                          COALESCE(longest_inner_gap_s, 0),
                          EXTRACT(EPOCH FROM CAST(:to AS TIMESTAMPTZ))
                            - EXTRACT(EPOCH FROM last_ts))
       END AS longest_gap_s,
       first_ts AS first_reading_ts, last_ts AS last_reading_ts
FROM measured
ORDER BY coverage NULLS LAST, longest_gap_s DESC, device_id;
