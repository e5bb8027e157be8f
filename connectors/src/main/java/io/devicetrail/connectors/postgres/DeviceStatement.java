package io.devicetrail.connectors.postgres;

import io.devicetrail.events.DeviceSnapshot;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/**
 * Upserts a device's attributes, only forward in the vendor's {@code updated_at}: an older or
 * replayed snapshot changes nothing. On equal {@code updated_at} the row already there stays (per
 * device, snapshots arrive in fetch order, so that is the first one fetched), which keeps a
 * re-listed unchanged device from rewriting its row on every poll.
 */
final class DeviceStatement implements JdbcStatementBuilder<DeviceSnapshot> {

  private static final long serialVersionUID = 1L;

  static final String SQL =
      "INSERT INTO device AS cur (device_id, tenant_id, model, firmware, config_version,"
          + " reporting_interval_s, site, updated_at, fetched_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (device_id) DO UPDATE SET"
          + " tenant_id = EXCLUDED.tenant_id,"
          + " model = EXCLUDED.model,"
          + " firmware = EXCLUDED.firmware,"
          + " config_version = EXCLUDED.config_version,"
          + " reporting_interval_s = EXCLUDED.reporting_interval_s,"
          + " site = EXCLUDED.site,"
          + " updated_at = EXCLUDED.updated_at,"
          + " fetched_at = EXCLUDED.fetched_at"
          + " WHERE cur.updated_at < EXCLUDED.updated_at";

  @Override
  public void accept(PreparedStatement ps, DeviceSnapshot d) throws SQLException {
    Params.text(ps, 1, d.deviceId());
    Params.text(ps, 2, d.tenantId());
    Params.text(ps, 3, d.model());
    Params.text(ps, 4, d.firmware());
    ps.setInt(5, d.configVersion());
    Params.int4(ps, 6, d.reportingIntervalS());
    Params.text(ps, 7, d.site());
    Params.timestamp(ps, 8, d.updatedAt());
    Params.timestamp(ps, 9, d.fetchedAt());
  }
}
