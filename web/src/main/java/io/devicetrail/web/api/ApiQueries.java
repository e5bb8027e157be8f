package io.devicetrail.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devicetrail.web.http.HttpProblem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The read API's SQL, every statement parameterized, each on a connection row-level security has
 * already scoped to the viewer. Items come back as JSON objects with the API's field names.
 */
final class ApiQueries {

  static final ObjectMapper JSON = new ObjectMapper();

  /** Raw points beyond this many are refused (ask for hourly). */
  static final int MAX_RAW_POINTS = 50_000;

  private ApiQueries() {}

  /** A device's intervals, when the viewer sees it at all. */
  record Intervals(Integer reportingIntervalS, Integer learnedIntervalS) {
    Integer expected() {
      return learnedIntervalS != null && learnedIntervalS > 0
          ? learnedIntervalS
          : reportingIntervalS;
    }
  }

  static Optional<Intervals> intervals(Connection c, String deviceId) throws SQLException {
    String sql =
        "SELECT d.device_id AS d_id, l.device_id AS l_id, d.reporting_interval_s,"
            + " l.learned_interval_s FROM (SELECT 1) one"
            + " LEFT JOIN device d ON d.device_id = ? LEFT JOIN device_latest l ON l.device_id = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, deviceId);
      ps.setString(2, deviceId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getString("d_id") == null && rs.getString("l_id") == null) {
          return Optional.empty();
        }
        return Optional.of(
            new Intervals(integer(rs, "reporting_interval_s"), integer(rs, "learned_interval_s")));
      }
    }
  }

  static List<ObjectNode> devices(
      Connection c,
      String afterDeviceId,
      String prefix,
      String tenant,
      String site,
      String status,
      int limit)
      throws SQLException {
    String sql =
        "SELECT d.device_id, d.tenant_id, d.site, d.model, d.firmware,"
            + " COALESCE(s.status, 'UNKNOWN') AS status, s.last_reading_ts, s.rssi_dbm"
            + " FROM device d LEFT JOIN device_status s ON s.device_id = d.device_id"
            + " WHERE d.device_id > ?"
            + " AND (?::text IS NULL OR d.device_id LIKE ? ESCAPE '\\')"
            + " AND (?::text IS NULL OR d.tenant_id = ?)"
            + " AND (?::text IS NULL OR d.site = ?)"
            + " AND (?::text IS NULL OR COALESCE(s.status, 'UNKNOWN') = ?)"
            + " ORDER BY d.device_id LIMIT ?";
    List<ObjectNode> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, afterDeviceId == null ? "" : afterDeviceId);
      ps.setString(2, prefix);
      ps.setString(3, prefix == null ? null : likePrefix(prefix));
      ps.setString(4, tenant);
      ps.setString(5, tenant);
      ps.setString(6, site);
      ps.setString(7, site);
      ps.setString(8, status);
      ps.setString(9, status);
      ps.setInt(10, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ObjectNode o = JSON.createObjectNode();
          o.put("device_id", rs.getString("device_id"));
          o.put("tenant_id", rs.getString("tenant_id"));
          o.put("site", rs.getString("site"));
          o.put("model", rs.getString("model"));
          o.put("firmware", rs.getString("firmware"));
          o.put("status", rs.getString("status"));
          putInstant(o, "last_reading_ts", rs, "last_reading_ts");
          putDouble(o, "rssi_dbm", rs, "rssi_dbm");
          out.add(o);
        }
      }
    }
    return out;
  }

  /** The attributes the device page does not show: config version, updated_at, position. */
  static void addAttributes(Connection c, String deviceId, ObjectNode device, ObjectNode reading)
      throws SQLException {
    String sql =
        "SELECT d.config_version, d.updated_at, l.lat, l.lon FROM (SELECT 1) one"
            + " LEFT JOIN device d ON d.device_id = ? LEFT JOIN device_latest l ON l.device_id = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, deviceId);
      ps.setString(2, deviceId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        putInt(device, "config_version", rs, "config_version");
        putInstant(device, "updated_at", rs, "updated_at");
        if (reading != null) {
          putDouble(reading, "lat", rs, "lat");
          putDouble(reading, "lon", rs, "lon");
        }
      }
    }
  }

  static List<ObjectNode> rawReadings(Connection c, String deviceId, Instant from, Instant to)
      throws SQLException {
    String sql =
        "SELECT ts, rssi_dbm, snr_db, rsrp_dbm, rsrq_db, cell_id, lat, lon, battery_mv"
            + " FROM signal_recent WHERE device_id = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT ?";
    List<ObjectNode> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, deviceId);
      ps.setObject(2, from.atOffset(ZoneOffset.UTC));
      ps.setObject(3, to.atOffset(ZoneOffset.UTC));
      ps.setInt(4, MAX_RAW_POINTS + 1);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(reading(rs));
        }
      }
    }
    if (out.size() > MAX_RAW_POINTS) {
      throw HttpProblem.badParameter(
          "resolution",
          "More than "
              + MAX_RAW_POINTS
              + " readings in this range: narrow it, or ask for resolution=hourly.");
    }
    return out;
  }

  /** Buckets of {@code unit} ('hour' or 'day'), UTC-aligned, in [from, to). */
  static List<ObjectNode> buckets(
      Connection c, String deviceId, String unit, Instant from, Instant to, Integer intervalS)
      throws SQLException {
    String sql =
        "SELECT date_trunc(?, ts, 'UTC') AS bucket_start, count(*) AS readings,"
            + " min(rssi_dbm) AS rssi_min, avg(rssi_dbm) AS rssi_avg, max(rssi_dbm) AS rssi_max,"
            + " percentile_disc(0.5) WITHIN GROUP (ORDER BY rssi_dbm) AS rssi_p50"
            + " FROM signal_recent WHERE device_id = ? AND ts >= ? AND ts < ?"
            + " GROUP BY 1 ORDER BY 1";
    long bucketSeconds = unit.equals("hour") ? 3_600 : 86_400;
    List<ObjectNode> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, unit);
      ps.setString(2, deviceId);
      ps.setObject(3, from.atOffset(ZoneOffset.UTC));
      ps.setObject(4, to.atOffset(ZoneOffset.UTC));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ObjectNode o = JSON.createObjectNode();
          putInstant(o, "bucket_start", rs, "bucket_start");
          long readings = rs.getLong("readings");
          o.put("readings", readings);
          putDouble(o, "rssi_min", rs, "rssi_min");
          putDouble(o, "rssi_avg", rs, "rssi_avg");
          putDouble(o, "rssi_max", rs, "rssi_max");
          putDouble(o, "rssi_p50", rs, "rssi_p50");
          if (intervalS == null || intervalS <= 0) {
            o.putNull("coverage");
          } else {
            o.put("coverage", readings / ((double) bucketSeconds / intervalS));
          }
          out.add(o);
        }
      }
    }
    return out;
  }

  static List<ObjectNode> activity(
      Connection c,
      String deviceId,
      Instant from,
      Instant to,
      String type,
      Cursors.ActivityKey after,
      int limit)
      throws SQLException {
    String sql =
        "SELECT event_id, ts, type, outcome, detail::text AS detail FROM activity_recent"
            + " WHERE device_id = ? AND ts >= ? AND ts < ? AND (?::text IS NULL OR type = ?)"
            + " AND (?::timestamptz IS NULL OR (ts, event_id) > (?::timestamptz, ?::text))"
            + " ORDER BY ts, event_id LIMIT ?";
    List<ObjectNode> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, deviceId);
      ps.setObject(2, from.atOffset(ZoneOffset.UTC));
      ps.setObject(3, to.atOffset(ZoneOffset.UTC));
      ps.setString(4, type);
      ps.setString(5, type);
      Object afterTs = after == null ? null : after.ts().atOffset(ZoneOffset.UTC);
      ps.setObject(6, afterTs);
      ps.setObject(7, afterTs);
      ps.setString(8, after == null ? null : after.eventId());
      ps.setInt(9, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ObjectNode o = JSON.createObjectNode();
          o.put("event_id", rs.getString("event_id"));
          putInstant(o, "ts", rs, "ts");
          o.put("type", rs.getString("type"));
          o.put("outcome", rs.getString("outcome"));
          String detail = rs.getString("detail");
          if (detail == null) {
            o.putNull("detail");
          } else {
            try {
              o.set("detail", JSON.readTree(detail));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
              throw new SQLException("activity detail is not JSON", e);
            }
          }
          out.add(o);
        }
      }
    }
    return out;
  }

  /** The reading nearest to {@code t} on one side: at or before it, or after it. */
  static Optional<ObjectNode> nearest(Connection c, String deviceId, Instant t, boolean before)
      throws SQLException {
    String sql =
        "SELECT ts, rssi_dbm, snr_db, rsrp_dbm, rsrq_db, cell_id, lat, lon, battery_mv"
            + " FROM signal_recent WHERE device_id = ?"
            + (before ? " AND ts <= ? ORDER BY ts DESC" : " AND ts > ? ORDER BY ts")
            + " LIMIT 1";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, deviceId);
      ps.setObject(2, t.atOffset(ZoneOffset.UTC));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(reading(rs)) : Optional.empty();
      }
    }
  }

  private static ObjectNode reading(ResultSet rs) throws SQLException {
    ObjectNode o = JSON.createObjectNode();
    putInstant(o, "ts", rs, "ts");
    putDouble(o, "rssi_dbm", rs, "rssi_dbm");
    putDouble(o, "snr_db", rs, "snr_db");
    putDouble(o, "rsrp_dbm", rs, "rsrp_dbm");
    putDouble(o, "rsrq_db", rs, "rsrq_db");
    o.put("cell_id", rs.getString("cell_id"));
    putDouble(o, "lat", rs, "lat");
    putDouble(o, "lon", rs, "lon");
    putInt(o, "battery_mv", rs, "battery_mv");
    return o;
  }

  static String likePrefix(String prefix) {
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  static void putInstant(ObjectNode o, String field, ResultSet rs, String column)
      throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    if (t == null) {
      o.putNull(field);
    } else {
      o.put(field, t.toInstant().toString());
    }
  }

  static void putDouble(ObjectNode o, String field, ResultSet rs, String column)
      throws SQLException {
    double v = rs.getDouble(column);
    if (rs.wasNull()) {
      o.putNull(field);
    } else {
      o.put(field, v);
    }
  }

  static void putInt(ObjectNode o, String field, ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    if (rs.wasNull()) {
      o.putNull(field);
    } else {
      o.put(field, v);
    }
  }

  static Integer integer(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  static JsonNode nullable(String s) {
    return s == null ? JSON.nullNode() : JSON.getNodeFactory().textNode(s);
  }
}
