package io.devicetrail.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet page's queries. Windows are bounded by ts so the daily partitions of signal_recent and
 * activity_recent are pruned; lists are top-N or keyset-paged, never the whole fleet.
 */
public final class FleetQueries {

  /** A device in a top-N or overdue list, with the value it is ranked by and a short note. */
  public record RankedDevice(String deviceId, String tenantId, double value, String note) {}

  /** One row of the search results. */
  public record DeviceRow(
      String deviceId,
      String tenantId,
      String site,
      String model,
      Status status,
      Instant lastReadingTs,
      Double rssiDbm) {}

  /** Search terms; each null or blank term matches everything. */
  public record Search(String devicePrefix, String tenant, String site) {}

  private FleetQueries() {}

  /** Devices per status, every status present (zero when none). */
  public static Map<Status, Long> countsByStatus(Connection c) throws SQLException {
    Map<Status, Long> counts = new EnumMap<>(Status.class);
    for (Status s : Status.values()) {
      if (s != Status.UNKNOWN) {
        counts.put(s, 0L);
      }
    }
    try (PreparedStatement ps =
            c.prepareStatement("SELECT status, count(*) AS n FROM device_status GROUP BY status");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        counts.merge(Status.of(rs.getString("status")), rs.getLong("n"), Long::sum);
      }
    }
    return counts;
  }

  /** The weakest-signal and lowest-coverage top-N of one window. */
  public record SignalRanks(List<RankedDevice> weakestSignal, List<RankedDevice> lowestCoverage) {}

  /**
   * The devices with the weakest average RSSI, and those with the lowest coverage (readings
   * received / readings the learned interval expects), over the window: one pass over the window's
   * readings serves both lists. A sleeping device's latest hours arrive at its next upload, so
   * short windows favour streaming devices on coverage; the week is the fair comparison.
   */
  public static SignalRanks signalRanks(Connection c, Instant now, Duration window, int limit)
      throws SQLException {
    String sql =
        "WITH w AS MATERIALIZED (SELECT device_id, tenant_id, avg(rssi_dbm) AS rssi,"
            + " count(*) AS n FROM signal_recent WHERE ts >= ?::timestamptz - make_interval(secs => ?)"
            + " AND ts <= ?::timestamptz"
            + " GROUP BY device_id, tenant_id),"
            + " weakest AS (SELECT 'signal' AS list, device_id, tenant_id, rssi AS v, n FROM w"
            + " ORDER BY rssi ASC, device_id LIMIT ?),"
            + " coverage AS (SELECT 'coverage' AS list, l.device_id, l.tenant_id,"
            + " COALESCE(w.n, 0) / (?::float8 / l.learned_interval_s) AS v, COALESCE(w.n, 0) AS n"
            + " FROM device_latest l LEFT JOIN w ON w.device_id = l.device_id"
            + " WHERE l.learned_interval_s > 0 ORDER BY v ASC, l.device_id LIMIT ?)"
            + " SELECT * FROM weakest UNION ALL SELECT * FROM coverage";
    List<RankedDevice> weakest = new ArrayList<>();
    List<RankedDevice> coverage = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, now.atOffset(java.time.ZoneOffset.UTC));
      ps.setLong(2, window.getSeconds());
      ps.setObject(3, now.atOffset(java.time.ZoneOffset.UTC));
      ps.setInt(4, limit);
      ps.setLong(5, window.getSeconds());
      ps.setInt(6, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          (rs.getString("list").equals("signal") ? weakest : coverage)
              .add(
                  new RankedDevice(
                      rs.getString("device_id"),
                      rs.getString("tenant_id"),
                      rs.getDouble("v"),
                      rs.getLong("n") + " readings"));
        }
      }
    }
    return new SignalRanks(weakest, coverage);
  }

  /** The devices with the most TIMEOUT events over the window. */
  public static List<RankedDevice> mostTimeouts(
      Connection c, Instant now, Duration window, int limit) throws SQLException {
    String sql =
        "SELECT device_id, tenant_id, count(*) AS v, count(*) AS n FROM activity_recent"
            + " WHERE ts >= ?::timestamptz - make_interval(secs => ?) AND ts <= ?::timestamptz"
            + " AND type = 'TIMEOUT'"
            + " GROUP BY device_id, tenant_id ORDER BY v DESC, device_id LIMIT ?";
    return ranked(c, sql, now, window, limit, "timeouts");
  }

  /** Devices past their next upload (status OVERDUE), longest overdue first; value = seconds. */
  public static List<RankedDevice> overdueNow(Connection c, Instant now, int limit)
      throws SQLException {
    String sql =
        "SELECT device_id, tenant_id, EXTRACT(EPOCH FROM ?::timestamptz - COALESCE(next_upload_due_at,"
            + " last_upload_at, last_reading_ts)) AS v FROM device_status WHERE status = 'OVERDUE'"
            + " ORDER BY v DESC, device_id LIMIT ?";
    List<RankedDevice> result = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, now.atOffset(java.time.ZoneOffset.UTC));
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          double seconds = rs.getDouble("v");
          result.add(
              new RankedDevice(
                  rs.getString("device_id"),
                  rs.getString("tenant_id"),
                  seconds,
                  "due " + Durations.precise(Duration.ofSeconds((long) seconds)) + " ago"));
        }
      }
    }
    return result;
  }

  /**
   * One page of devices matching {@code search}, by device id after {@code afterDeviceId} (keyset
   * paging on the primary key), at most {@code limit}.
   */
  public static List<DeviceRow> search(Connection c, Search search, String afterDeviceId, int limit)
      throws SQLException {
    String sql =
        // the page of devices first (primary key order), then the status of those few
        "SELECT p.*, s.status, s.last_reading_ts, s.rssi_dbm FROM (SELECT d.device_id,"
            + " d.tenant_id, d.site, d.model FROM device d WHERE d.device_id > ?"
            + " AND (?::text IS NULL OR d.device_id LIKE ? ESCAPE '\\')"
            + " AND (?::text IS NULL OR d.tenant_id = ?) AND (?::text IS NULL OR d.site = ?)"
            + " ORDER BY d.device_id LIMIT ?) p"
            + " LEFT JOIN device_status s ON s.device_id = p.device_id ORDER BY p.device_id";
    String prefix = blankToNull(search.devicePrefix());
    String tenant = blankToNull(search.tenant());
    String site = blankToNull(search.site());
    List<DeviceRow> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, afterDeviceId == null ? "" : afterDeviceId);
      ps.setString(2, prefix);
      ps.setString(3, prefix == null ? null : likePrefix(prefix));
      ps.setString(4, tenant);
      ps.setString(5, tenant);
      ps.setString(6, site);
      ps.setString(7, site);
      ps.setInt(8, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new DeviceRow(
                  rs.getString("device_id"),
                  rs.getString("tenant_id"),
                  rs.getString("site"),
                  rs.getString("model"),
                  Status.of(rs.getString("status")),
                  DeviceQueries.instant(rs, "last_reading_ts"),
                  DeviceQueries.decimal(rs, "rssi_dbm")));
        }
      }
    }
    return rows;
  }

  /** A LIKE pattern matching values that start with {@code prefix} taken literally. */
  static String likePrefix(String prefix) {
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  private static List<RankedDevice> ranked(
      Connection c, String sql, Instant now, Duration window, int limit, String countWord)
      throws SQLException {
    List<RankedDevice> result = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, now.atOffset(java.time.ZoneOffset.UTC));
      ps.setLong(2, window.getSeconds());
      ps.setObject(3, now.atOffset(java.time.ZoneOffset.UTC));
      ps.setInt(4, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(
              new RankedDevice(
                  rs.getString("device_id"),
                  rs.getString("tenant_id"),
                  rs.getDouble("v"),
                  rs.getLong("n") + " " + countWord));
        }
      }
    }
    return result;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
