package io.devicetrail.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A small fleet of two tenants on a fixed clock, for the read API: a sleeper with three days of
 * 10-minute readings, timeouts and a config update; a silent device; a device listed but never
 * heard from; another tenant's streaming gateway.
 */
final class ApiFleet {

  static final Instant T0 = Instant.parse("2026-11-02T12:00:00Z");
  static final String SLEEPER = "acme-a1";
  static final String SILENT = "acme-a2";
  static final String NEVER_HEARD = "acme-a3";
  static final String GATEWAY = "globex-g1";

  /** The sleeper's readings, oldest first: every 10 minutes from T0 - 72 h to T0 - 1 h. */
  final List<Instant> sleeperReadings = new ArrayList<>();

  final List<Double> sleeperRssi = new ArrayList<>();

  void insert(Connection c) throws Exception {
    SupportRows rows = new SupportRows(c);
    rows.device(SLEEPER, "acme", "north", 600);
    rows.latest(
        SLEEPER, "acme", 600, 21_600, T0.minusSeconds(3_600), T0.plusSeconds(5 * 3_600), -88, "c1");
    for (Instant t = T0.minusSeconds(72 * 3_600);
        !t.isAfter(T0.minusSeconds(3_600));
        t = t.plusSeconds(600)) {
      sleeperReadings.add(t);
    }
    rssiReadings(c, SLEEPER, "acme", sleeperReadings, sleeperRssi);
    rows.activity(
        SLEEPER,
        "acme",
        T0.minusSeconds(26 * 3_600),
        "CONFIG_UPDATE",
        "OK",
        "{\"config_version\":4}");
    rows.activity(SLEEPER, "acme", T0.minusSeconds(3 * 3_600), "TIMEOUT", "FAILED", null);
    rows.activity(SLEEPER, "acme", T0.minusSeconds(2 * 3_600), "TIMEOUT", "FAILED", null);
    rows.activity(SLEEPER, "acme", T0.minusSeconds(3_600), "CONNECT", "OK", "{\"rat\":\"NB-IoT\"}");
    rows.activity(
        SLEEPER, "acme", T0.minusSeconds(3_590), "REBOOT", "OK", "{\"reason\":\"=cmd|calc\"}");

    rows.device(SILENT, "acme", "south", 900);
    Instant silentLast = T0.minusSeconds(10 * 86_400);
    rows.latest(SILENT, "acme", 900, 3_600, silentLast, silentLast.plusSeconds(3_600), -115, "c9");
    List<Instant> silentTimes = SupportRows.every(silentLast.minusSeconds(7_200), silentLast, 900);
    rssiReadings(c, SILENT, "acme", silentTimes, new ArrayList<>());

    rows.device(NEVER_HEARD, "acme", "=HYPERLINK(\"x\")", null);

    rows.device(GATEWAY, "globex", "north", 300);
    rows.latest(GATEWAY, "globex", 300, 300, T0.minusSeconds(60), T0.plusSeconds(240), -70, "g1");
    rssiReadings(
        c,
        GATEWAY,
        "globex",
        SupportRows.every(T0.minusSeconds(7_200), T0.minusSeconds(60), 300),
        new ArrayList<>());
    rows.activity(GATEWAY, "globex", T0.minusSeconds(600), "TIMEOUT", "FAILED", null);
  }

  /** Readings whose RSSI is a fixed function of the index: -80 - (i mod 37). */
  private static void rssiReadings(
      Connection c, String id, String tenant, List<Instant> times, List<Double> rssiOut)
      throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO signal_recent (device_id, ts, tenant_id, rssi_dbm, snr_db, cell_id,"
                + " battery_mv, fetched_at) VALUES (?, ?, ?, ?, 4.5, 'c1', 3600, ?)")) {
      for (int i = 0; i < times.size(); i++) {
        double rssi = -80 - (i % 37);
        rssiOut.add(rssi);
        ps.setString(1, id);
        ps.setObject(2, times.get(i).atOffset(ZoneOffset.UTC));
        ps.setString(3, tenant);
        ps.setDouble(4, rssi);
        ps.setObject(5, times.get(i).plusSeconds(30).atOffset(ZoneOffset.UTC));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
