package io.devicetrail.connectors.postgres;

import io.devicetrail.events.SignalReading;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/**
 * Moves the reading columns of {@code device_latest} forward to a reading, only if it is newer in
 * event time than the one shown: an older or replayed reading changes nothing, not even {@code
 * updated_at}. The activity columns are not touched; a device's first reading creates its row.
 *
 * <p>The result is the newest reading whatever the order of the statements, so a batch may be
 * applied in any order, retried, or pre-reduced to the newest reading per device.
 */
final class DeviceLatestFromSignalStatement implements JdbcStatementBuilder<SignalReading> {

  private static final long serialVersionUID = 1L;

  static final String SQL =
      "INSERT INTO device_latest AS cur (device_id, tenant_id, last_reading_ts, rssi_dbm, snr_db,"
          + " cell_id, lat, lon, battery_mv, updated_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now())"
          + " ON CONFLICT (device_id) DO UPDATE SET"
          + " tenant_id = EXCLUDED.tenant_id,"
          + " last_reading_ts = EXCLUDED.last_reading_ts,"
          + " rssi_dbm = EXCLUDED.rssi_dbm,"
          + " snr_db = EXCLUDED.snr_db,"
          + " cell_id = EXCLUDED.cell_id,"
          + " lat = EXCLUDED.lat,"
          + " lon = EXCLUDED.lon,"
          + " battery_mv = EXCLUDED.battery_mv,"
          + " updated_at = EXCLUDED.updated_at"
          + " WHERE cur.last_reading_ts IS NULL OR cur.last_reading_ts < EXCLUDED.last_reading_ts";

  @Override
  public void accept(PreparedStatement ps, SignalReading r) throws SQLException {
    Params.text(ps, 1, r.deviceId());
    Params.text(ps, 2, r.tenantId());
    Params.timestamp(ps, 3, r.ts());
    ps.setDouble(4, r.rssiDbm());
    Params.float8(ps, 5, r.snrDb());
    Params.text(ps, 6, r.cellId());
    Params.float8(ps, 7, r.lat());
    Params.float8(ps, 8, r.lon());
    Params.int4(ps, 9, r.batteryMv());
  }
}
