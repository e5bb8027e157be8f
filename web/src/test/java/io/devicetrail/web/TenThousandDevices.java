package io.devicetrail.web;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A generated fleet for page-time measurements, written straight into the support tables: devices
 * dev-00001.. spread over tenants and 500 sites, a day of 30-minute readings each with some
 * missing, cell changes every day, five activity events each (10 % timeouts). Streamers (every
 * third device) and 6-hour sleepers; every 50th device overdue, every 97th silent.
 */
final class TenThousandDevices {

  private TenThousandDevices() {}

  static void fill(Connection c, int devices, int tenants) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO device (device_id, tenant_id, model, firmware, config_version,"
              + " reporting_interval_s, site, updated_at, fetched_at)"
              + " SELECT 'dev-' || lpad(i::text, 5, '0'), 'tenant-' || (i % "
              + tenants
              + "),"
              + " 'TR-200', '1.4.2', 1, 1800, 'site-' || (i % 500), now(), now()"
              + " FROM generate_series(1, "
              + devices
              + ") i");
      // cadences: streamers (gap = interval = 30 min) and sleepers (6 h); every 50th device
      // overdue, every
      // 97th silent, the rest on schedule
      s.execute(
          "INSERT INTO device_latest (device_id, tenant_id, last_reading_ts, rssi_dbm, snr_db,"
              + " cell_id, battery_mv, learned_interval_s, learned_upload_gap_s,"
              + " next_upload_due_at, last_upload_at, updated_at)"
              + " SELECT device_id, tenant_id, up, -70 - (i % 45), 5, 'cell-' || (i % 300), 3500,"
              + " 1800, gap, up + make_interval(secs => gap), up, now() FROM ("
              + "  SELECT d.device_id, d.tenant_id, i, gap,"
              + "   now() - make_interval(secs => CASE WHEN i % 97 = 0 THEN 4 * gap"
              + "     WHEN i % 50 = 0 THEN 1.5 * gap ELSE (i % 10) * gap / 20.0 END) AS up"
              + "  FROM (SELECT device_id, tenant_id, substr(device_id, 5)::int AS i,"
              + "   CASE WHEN substr(device_id, 5)::int % 3 = 0 THEN 1800 ELSE 21600 END AS gap"
              + "   FROM device) d) x");
      s.execute(
          "INSERT INTO signal_recent (device_id, ts, tenant_id, rssi_dbm, snr_db, cell_id,"
              + " battery_mv, fetched_at)"
              + " SELECT d.device_id, date_trunc('minute', now()) - k * interval '30 minutes',"
              + " d.tenant_id, -70 - (hashtext(d.device_id) & 31) - (k % 7), 4 + k % 5,"
              + " 'cell-' || ((hashtext(d.device_id) & 255) + k / 24), 3500, now()"
              + " FROM device d, generate_series(0, 47) k"
              + " WHERE (hashtext(d.device_id) + k) % 17 <> 0"); // some readings missing
      s.execute(
          "INSERT INTO activity_recent (event_id, device_id, tenant_id, ts, type, outcome,"
              + " fetched_at)"
              + " SELECT d.device_id || ':' || k, d.device_id, d.tenant_id,"
              + " now() - k * interval '5 hours',"
              + " CASE WHEN (hashtext(d.device_id) + k) % 10 = 0 THEN 'TIMEOUT' ELSE 'CONNECT' END,"
              + " CASE WHEN (hashtext(d.device_id) + k) % 10 = 0 THEN 'FAILED' ELSE 'OK' END,"
              + " now() FROM device d, generate_series(0, 4) k");
      s.execute("ANALYZE");
    }
  }
}
