package io.devicetrail.connectors.postgres;

import io.devicetrail.events.DeviceActivity;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/**
 * Moves the activity columns of {@code device_latest} forward to an event, only if it is newer than
 * the one shown, ordered by {@code (ts, event_id)} so that two events with the same {@code ts} have
 * a fixed winner whatever their arrival order. Older or replayed events change nothing, not even
 * {@code updated_at}. The reading columns are not touched; a device's first event creates its row.
 */
final class DeviceLatestFromActivityStatement implements JdbcStatementBuilder<DeviceActivity> {

  private static final long serialVersionUID = 1L;

  static final String SQL =
      "INSERT INTO device_latest AS cur (device_id, tenant_id, last_activity_ts,"
          + " last_activity_type, last_activity_outcome, last_activity_event_id, updated_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, now())"
          + " ON CONFLICT (device_id) DO UPDATE SET"
          + " tenant_id = EXCLUDED.tenant_id,"
          + " last_activity_ts = EXCLUDED.last_activity_ts,"
          + " last_activity_type = EXCLUDED.last_activity_type,"
          + " last_activity_outcome = EXCLUDED.last_activity_outcome,"
          + " last_activity_event_id = EXCLUDED.last_activity_event_id,"
          + " updated_at = EXCLUDED.updated_at"
          + " WHERE cur.last_activity_ts IS NULL"
          + " OR (cur.last_activity_ts, cur.last_activity_event_id)"
          + " < (EXCLUDED.last_activity_ts, EXCLUDED.last_activity_event_id)";

  @Override
  public void accept(PreparedStatement ps, DeviceActivity a) throws SQLException {
    Params.text(ps, 1, a.deviceId());
    Params.text(ps, 2, a.tenantId());
    Params.timestamp(ps, 3, a.ts());
    Params.text(ps, 4, a.type());
    Params.text(ps, 5, a.outcome());
    Params.text(ps, 6, a.eventId());
  }
}
