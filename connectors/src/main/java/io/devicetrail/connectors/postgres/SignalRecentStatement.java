package io.devicetrail.connectors.postgres;

import io.devicetrail.events.SignalReading;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/**
 * Inserts a reading into {@code signal_recent}; a reading already there (same key) is left as is.
 */
final class SignalRecentStatement implements JdbcStatementBuilder<SignalReading> {

  private static final long serialVersionUID = 1L;

  static final String SQL =
      "INSERT INTO signal_recent (device_id, ts, tenant_id, rssi_dbm, snr_db, rsrp_dbm, rsrq_db,"
          + " cell_id, lat, lon, battery_mv, fetched_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (device_id, ts) DO NOTHING";

  @Override
  public void accept(PreparedStatement ps, SignalReading r) throws SQLException {
    Params.text(ps, 1, r.deviceId());
    Params.timestamp(ps, 2, r.ts());
    Params.text(ps, 3, r.tenantId());
    ps.setDouble(4, r.rssiDbm());
    Params.float8(ps, 5, r.snrDb());
    Params.float8(ps, 6, r.rsrpDbm());
    Params.float8(ps, 7, r.rsrqDb());
    Params.text(ps, 8, r.cellId());
    Params.float8(ps, 9, r.lat());
    Params.float8(ps, 10, r.lon());
    Params.int4(ps, 11, r.batteryMv());
    Params.timestamp(ps, 12, r.fetchedAt());
  }
}
