package io.devicetrail.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The device page's queries. Each reads one device by its key, so each is an index lookup or a
 * range scan of the (device_id, ts) keys; row-level security has already scoped the connection.
 */
public final class DeviceQueries {

  private DeviceQueries() {}

  /** The device's attributes and latest state, or empty when this viewer sees neither. */
  public static Optional<DeviceState> state(Connection c, String deviceId) throws SQLException {
    String sql =
        "SELECT COALESCE(NULLIF(current_setting('devicetrail.now', true), '')::timestamptz,"
            + " now()) AS db_now, d.device_id AS d_id, d.tenant_id AS d_tenant, d.model, d.firmware,"
            + " d.site, d.reporting_interval_s, s.* FROM (SELECT 1) one"
            + " LEFT JOIN device d ON d.device_id = ?"
            + " LEFT JOIN device_status s ON s.device_id = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, deviceId);
      ps.setString(2, deviceId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        String listedId = rs.getString("d_id");
        String latestId = rs.getString("device_id");
        if (listedId == null && latestId == null) {
          return Optional.empty();
        }
        return Optional.of(
            new DeviceState(
                deviceId,
                listedId != null ? rs.getString("d_tenant") : rs.getString("tenant_id"),
                rs.getString("model"),
                rs.getString("firmware"),
                rs.getString("site"),
                integer(rs, "reporting_interval_s"),
                Status.of(rs.getString("status")),
                instant(rs, "last_reading_ts"),
                decimal(rs, "rssi_dbm"),
                decimal(rs, "snr_db"),
                rs.getString("cell_id"),
                integer(rs, "battery_mv"),
                instant(rs, "last_activity_ts"),
                rs.getString("last_activity_type"),
                rs.getString("last_activity_outcome"),
                integer(rs, "learned_interval_s"),
                integer(rs, "learned_upload_gap_s"),
                instant(rs, "next_upload_due_at"),
                instant(rs, "last_upload_at"),
                instant(rs, "db_now")));
      }
    }
  }

  /** Every reading in [from, to), oldest first. */
  public static List<SignalPoint> readings(Connection c, String deviceId, Instant from, Instant to)
      throws SQLException {
    String sql =
        "SELECT ts, rssi_dbm, snr_db, cell_id FROM signal_recent"
            + " WHERE device_id = ? AND ts >= ? AND ts < ? ORDER BY ts";
    return points(c, sql, deviceId, from, to);
  }

  /** Hourly averages in [from, to), oldest first; the cell is the hour's last non-null one. */
  public static List<SignalPoint> hourly(Connection c, String deviceId, Instant from, Instant to)
      throws SQLException {
    String sql =
        "SELECT date_trunc('hour', ts) AS ts, avg(rssi_dbm) AS rssi_dbm, avg(snr_db) AS snr_db,"
            + " (array_agg(cell_id ORDER BY ts DESC) FILTER (WHERE cell_id IS NOT NULL))[1]"
            + " AS cell_id FROM signal_recent WHERE device_id = ? AND ts >= ? AND ts < ?"
            + " GROUP BY 1 ORDER BY 1";
    return points(c, sql, deviceId, from, to);
  }

  /** Cell changes in [from, to) between consecutive readings with a cell (CONTRACT §5). */
  public static List<CellChange> cellChanges(
      Connection c, String deviceId, Instant from, Instant to) throws SQLException {
    String sql =
        "SELECT ts, prev, cell_id FROM (SELECT ts, cell_id, lag(cell_id) OVER (ORDER BY ts) AS prev"
            + " FROM signal_recent WHERE device_id = ? AND ts >= ? AND ts < ?"
            + " AND cell_id IS NOT NULL) r WHERE prev IS NOT NULL AND prev <> cell_id ORDER BY ts";
    List<CellChange> changes = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, deviceId, from, to);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          changes.add(
              new CellChange(instant(rs, "ts"), rs.getString("prev"), rs.getString("cell_id")));
        }
      }
    }
    return changes;
  }

  /** The newest activity events in [from, to), newest first, at most {@code limit}. */
  public static List<ActivityEntry> activity(
      Connection c, String deviceId, Instant from, Instant to, int limit) throws SQLException {
    String sql =
        "SELECT ts, type, outcome, detail::text AS detail FROM activity_recent"
            + " WHERE device_id = ? AND ts >= ? AND ts < ? ORDER BY ts DESC LIMIT ?";
    List<ActivityEntry> entries = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, deviceId, from, to);
      ps.setInt(4, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          entries.add(
              new ActivityEntry(
                  instant(rs, "ts"),
                  rs.getString("type"),
                  rs.getString("outcome"),
                  rs.getString("detail")));
        }
      }
    }
    return entries;
  }

  /**
   * Readings per UTC day for the {@code days} days up to and including today's, against what the
   * interval expects (today's expectation prorated to the time elapsed).
   */
  public static List<CoverageDay> coverage(
      Connection c, String deviceId, Integer intervalS, Instant now, int days) throws SQLException {
    LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
    LocalDate first = today.minusDays(days - 1L);
    Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
    String sql =
        "SELECT (ts AT TIME ZONE 'UTC')::date AS day, count(*) AS n FROM signal_recent"
            + " WHERE device_id = ? AND ts >= ? AND ts < ? GROUP BY 1";
    Map<LocalDate, Long> counts = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, deviceId, from, today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          counts.put(rs.getObject("day", LocalDate.class), rs.getLong("n"));
        }
      }
    }
    List<CoverageDay> result = new ArrayList<>();
    for (LocalDate day = today; !day.isBefore(first); day = day.minusDays(1)) {
      long seconds =
          day.equals(today)
              ? now.getEpochSecond() - today.atStartOfDay(ZoneOffset.UTC).toEpochSecond()
              : 86_400;
      Long expected = intervalS == null || intervalS <= 0 ? null : seconds / intervalS;
      result.add(new CoverageDay(day, counts.getOrDefault(day, 0L), expected));
    }
    return result;
  }

  private static List<SignalPoint> points(
      Connection c, String sql, String deviceId, Instant from, Instant to) throws SQLException {
    List<SignalPoint> points = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, deviceId, from, to);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          points.add(
              new SignalPoint(
                  instant(rs, "ts"),
                  rs.getDouble("rssi_dbm"),
                  decimal(rs, "snr_db"),
                  rs.getString("cell_id")));
        }
      }
    }
    return points;
  }

  private static void bind(PreparedStatement ps, String deviceId, Instant from, Instant to)
      throws SQLException {
    ps.setString(1, deviceId);
    ps.setObject(2, from.atOffset(ZoneOffset.UTC));
    ps.setObject(3, to.atOffset(ZoneOffset.UTC));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  static Integer integer(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  static Double decimal(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }
}
