package io.devicetrail.connectors.postgres;

import io.devicetrail.events.DeviceActivity;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/**
 * Inserts an event into {@code activity_recent}; an event already there is left as is. The key is
 * {@code (event_id, ts)} since the table is partitioned by day on {@code ts} (a partitioned table's
 * keys must contain its partition column); an event's ts never changes.
 */
final class ActivityRecentStatement implements JdbcStatementBuilder<DeviceActivity> {

  private static final long serialVersionUID = 1L;

  static final String SQL =
      "INSERT INTO activity_recent (event_id, device_id, tenant_id, ts, type, outcome, detail,"
          + " fetched_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)"
          + " ON CONFLICT (event_id, ts) DO NOTHING";

  @Override
  public void accept(PreparedStatement ps, DeviceActivity a) throws SQLException {
    Params.text(ps, 1, a.eventId());
    Params.text(ps, 2, a.deviceId());
    Params.text(ps, 3, a.tenantId());
    Params.timestamp(ps, 4, a.ts());
    Params.text(ps, 5, a.type());
    Params.text(ps, 6, a.outcome());
    Params.json(ps, 7, a.detailJson());
    Params.timestamp(ps, 8, a.fetchedAt());
  }
}
