package io.devicetrail.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Writes rows into the support tables directly, as the stateful job would. */
final class SupportRows {

  private final Connection c;

  SupportRows(Connection c) {
    this.c = c;
  }

  /** Instants from {@code from} to {@code to} inclusive, {@code stepS} apart. */
  static List<Instant> every(Instant from, Instant to, long stepS) {
    List<Instant> out = new ArrayList<>();
    for (Instant t = from; !t.isAfter(to); t = t.plusSeconds(stepS)) {
      out.add(t);
    }
    return out;
  }

  void device(String id, String tenant, String site, Integer reportingIntervalS)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO device (device_id, tenant_id, model, firmware, config_version,"
                + " reporting_interval_s, site, updated_at, fetched_at)"
                + " VALUES (?, ?, 'TR-200', '1.4.2', 3, ?, ?, now(), now())")) {
      ps.setString(1, id);
      ps.setString(2, tenant);
      ps.setObject(3, reportingIntervalS);
      ps.setString(4, site);
      ps.executeUpdate();
    }
  }

  /** device_latest for a device whose last upload (and last reading) was at {@code lastUpload}. */
  void latest(
      String id,
      String tenant,
      int intervalS,
      int uploadGapS,
      Instant lastUpload,
      Instant nextDue,
      double rssi,
      String cell)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO device_latest (device_id, tenant_id, last_reading_ts, rssi_dbm, snr_db,"
                + " cell_id, battery_mv, learned_interval_s, learned_upload_gap_s,"
                + " next_upload_due_at, last_upload_at, updated_at)"
                + " VALUES (?, ?, ?, ?, 7.5, ?, 3550, ?, ?, ?, ?, now())")) {
      ps.setString(1, id);
      ps.setString(2, tenant);
      ps.setObject(3, lastUpload.atOffset(ZoneOffset.UTC));
      ps.setDouble(4, rssi);
      ps.setString(5, cell);
      ps.setInt(6, intervalS);
      ps.setInt(7, uploadGapS);
      ps.setObject(8, nextDue.atOffset(ZoneOffset.UTC));
      ps.setObject(9, lastUpload.atOffset(ZoneOffset.UTC));
      ps.executeUpdate();
    }
  }

  /** One reading at each instant, RSSI within 5 dB of {@code baseRssi}; the cell per instant. */
  void readings(
      String id,
      String tenant,
      double baseRssi,
      List<Instant> times,
      Function<Instant, String> cell)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO signal_recent (device_id, ts, tenant_id, rssi_dbm, snr_db, cell_id,"
                + " battery_mv, fetched_at) VALUES (?, ?, ?, ?, ?, ?, 3550, now())")) {
      for (Instant t : times) {
        ps.setString(1, id);
        ps.setObject(2, t.atOffset(ZoneOffset.UTC));
        ps.setString(3, tenant);
        ps.setDouble(4, baseRssi - 5 + (t.getEpochSecond() / 600) % 11);
        ps.setDouble(5, 3 + (t.getEpochSecond() / 600) % 8);
        ps.setString(6, cell.apply(t));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  void activity(String id, String tenant, Instant ts, String type, String outcome, String detail)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO activity_recent (event_id, device_id, tenant_id, ts, type, outcome,"
                + " detail, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, now())")) {
      ps.setString(1, id + ":" + type + ":" + ts.toEpochMilli());
      ps.setString(2, id);
      ps.setString(3, tenant);
      ps.setObject(4, ts.atOffset(ZoneOffset.UTC));
      ps.setString(5, type);
      ps.setString(6, outcome);
      ps.setString(7, detail);
      ps.executeUpdate();
    }
  }
}
