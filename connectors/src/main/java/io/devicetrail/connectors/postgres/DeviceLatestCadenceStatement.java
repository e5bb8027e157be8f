package io.devicetrail.connectors.postgres;

import io.devicetrail.connectors.warehouse.model.DeviceCadence;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/**
 * Upserts the learned cadence of a device into {@code device_latest}. Forward-only on {@code
 * last_upload_at}: a replayed or older cadence never overwrites a newer one, and the reading and
 * activity columns are left alone.
 */
final class DeviceLatestCadenceStatement implements JdbcStatementBuilder<DeviceCadence> {

  private static final long serialVersionUID = 1L;

  static final String SQL =
      "INSERT INTO device_latest AS cur (device_id, tenant_id, learned_interval_s,"
          + " learned_upload_gap_s, next_upload_due_at, last_upload_at, updated_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, now())"
          + " ON CONFLICT (device_id) DO UPDATE SET"
          + " learned_interval_s = EXCLUDED.learned_interval_s,"
          + " learned_upload_gap_s = EXCLUDED.learned_upload_gap_s,"
          + " next_upload_due_at = EXCLUDED.next_upload_due_at,"
          + " last_upload_at = EXCLUDED.last_upload_at,"
          + " updated_at = EXCLUDED.updated_at"
          + " WHERE cur.last_upload_at IS NULL OR cur.last_upload_at < EXCLUDED.last_upload_at"
          + " OR (cur.last_upload_at = EXCLUDED.last_upload_at"
          + " AND (cur.learned_interval_s, cur.learned_upload_gap_s, cur.next_upload_due_at)"
          + " IS DISTINCT FROM"
          + " (EXCLUDED.learned_interval_s, EXCLUDED.learned_upload_gap_s, EXCLUDED.next_upload_due_at))";

  @Override
  public void accept(PreparedStatement ps, DeviceCadence c) throws SQLException {
    Params.text(ps, 1, c.deviceId());
    Params.text(ps, 2, c.tenantId());
    Params.int4(ps, 3, c.learnedIntervalS());
    Params.int4(ps, 4, c.learnedUploadGapS());
    Params.timestamp(ps, 5, c.nextUploadDueAt());
    Params.timestamp(ps, 6, c.lastUploadAt());
  }
}
