package io.devicetrail.sql.reports;

import io.devicetrail.simulator.Activity;
import io.devicetrail.simulator.DeviceInfo;
import io.devicetrail.simulator.Fleet;
import io.devicetrail.simulator.ManualClock;
import io.devicetrail.simulator.Reading;
import io.devicetrail.simulator.SimulatorConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A warehouse as the pipeline would leave it after 45 days of a simulated fleet: signal_raw for the
 * last 7 days, signal_hourly for the last 35, signal_daily and activity_event for all of it,
 * dim_device with a version per configuration or firmware change, each tier already past its
 * retention as the maintenance command would keep it. Two devices are changed on purpose so the
 * reports have something known to find: one loses 15 dB over the last week, one is silent for 6
 * hours during the last day. Everything the tables hold is also kept here as ground truth.
 */
final class SimulatedWarehouse {

  static final List<String> TENANTS = List.of("acme", "globex", "initech");
  static final Duration HISTORY = Duration.ofDays(45);
  static final double DEGRADATION_DB = 15;
  static final Duration OUTAGE = Duration.ofHours(6);

  private static final long HOUR = 3600;
  private static final long DAY = 86_400;

  /** The warehouse's "now": an hour boundary, so that hourly windows are whole buckets. */
  final Instant now;

  /** Today's UTC midnight. */
  final Instant today;

  final String degradedDevice;
  final String outageDevice;
  final Instant outageStart;

  private final Map<String, DeviceInfo> devices = new LinkedHashMap<>();
  private final Map<String, List<Reading>> readings = new LinkedHashMap<>();
  private final Map<String, List<Activity>> activities = new LinkedHashMap<>();
  private final Map<String, List<Version>> versions = new LinkedHashMap<>();

  /** One dim_device version: the attributes from {@code validFrom} until the next version. */
  record Version(
      Instant validFrom, String model, String firmware, int configVersion, String site) {}

  private SimulatedWarehouse(Instant now, int deviceCount) {
    this.now = now.truncatedTo(ChronoUnit.HOURS);
    this.today = now.truncatedTo(ChronoUnit.DAYS);
    Instant historyStart = this.now.minus(HISTORY);
    Fleet fleet =
        Fleet.of(
            SimulatorConfig.builder()
                .seed(5)
                .deviceCount(deviceCount)
                .tenants(TENANTS)
                .clock(new ManualClock(this.now))
                .historyStart(historyStart)
                .badReadingRate(0)
                .build());
    Instant everythingVisible = this.now.plus(Duration.ofDays(3));
    for (String id : fleet.deviceIds()) {
      DeviceInfo info = fleet.device(id, this.now);
      devices.put(id, info);
      readings.put(
          id,
          fleet.readingsVisible(id, everythingVisible).stream()
              .filter(r -> r.ts().isBefore(this.now))
              .toList());
      List<Activity> events =
          fleet.activitiesVisible(id, everythingVisible).stream()
              .filter(a -> a.ts().isBefore(this.now))
              .toList();
      activities.put(id, events);
      versions.put(id, versionsOf(fleet.device(id, historyStart), historyStart, events));
    }
    List<String> candidates =
        devices.values().stream()
            .filter(d -> d.tenantId().equals(TENANTS.get(0)) && d.samplingIntervalS() <= 900)
            .map(DeviceInfo::deviceId)
            .toList();
    this.degradedDevice = candidates.get(0);
    this.outageDevice = candidates.get(1);
    this.outageStart = this.now.minus(Duration.ofHours(20));
    degrade(degradedDevice, today.minus(Duration.ofDays(7)));
    silence(outageDevice, outageStart, outageStart.plus(OUTAGE));
  }

  static SimulatedWarehouse generate(Instant now, int deviceCount) {
    return new SimulatedWarehouse(now, deviceCount);
  }

  // ------------------------------------------------------------------ ground truth

  List<String> deviceIds() {
    return List.copyOf(devices.keySet());
  }

  List<String> deviceIds(String tenant) {
    return devices.values().stream()
        .filter(d -> d.tenantId().equals(tenant))
        .map(DeviceInfo::deviceId)
        .toList();
  }

  DeviceInfo device(String id) {
    return devices.get(id);
  }

  /** The device's readings with {@code from <= ts < to}, in ts order. */
  List<Reading> readings(String id, Instant from, Instant to) {
    return readings.get(id).stream()
        .filter(r -> !r.ts().isBefore(from) && r.ts().isBefore(to))
        .toList();
  }

  List<Activity> activities(String id) {
    return activities.get(id);
  }

  /** The rollup of the bucket of {@code bucketSeconds} starting at {@code start}, or null. */
  Rollup rollup(String id, Instant start, long bucketSeconds) {
    List<Reading> in = readings(id, start, start.plusSeconds(bucketSeconds));
    return in.isEmpty() ? null : rollupOf(id, in, bucketSeconds);
  }

  /** The dim_device version valid at {@code at}. */
  Version versionAt(String id, Instant at) {
    Version valid = null;
    for (Version v : versions.get(id)) {
      if (!v.validFrom().isAfter(at)) {
        valid = v;
      }
    }
    return valid;
  }

  /** Where the tiers start: what retention leaves of each. */
  Instant rawFrom() {
    return now.minus(Duration.ofDays(7));
  }

  Instant hourlyFrom() {
    return now.minus(Duration.ofDays(35));
  }

  // ------------------------------------------------------------------ loading

  /** Writes the whole warehouse through {@code c} (a stand-in migrated to the latest version). */
  void load(Connection c) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      loadSignalRaw(c);
      loadRollups(c, "signal_hourly", HOUR, hourlyFrom());
      loadRollups(c, "signal_daily", DAY, Instant.EPOCH);
      loadActivities(c);
      loadDimDevice(c);
      c.commit();
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  private void loadSignalRaw(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO signal_raw (device_id, tenant_id, ts, rssi_dbm, snr_db, rsrp_dbm,"
                + " rsrq_db, cell_id, lat, lon, battery_mv, fetched_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (String id : devices.keySet()) {
        for (Reading r : readings(id, rawFrom(), now)) {
          ps.setString(1, id);
          ps.setString(2, devices.get(id).tenantId());
          ps.setObject(3, r.ts().atOffset(ZoneOffset.UTC));
          ps.setDouble(4, r.rssiDbm());
          ps.setObject(5, r.snrDb(), Types.DOUBLE);
          ps.setObject(6, r.rsrpDbm(), Types.DOUBLE);
          ps.setObject(7, r.rsrqDb(), Types.DOUBLE);
          ps.setString(8, r.cellId());
          ps.setObject(9, r.lat(), Types.DOUBLE);
          ps.setObject(10, r.lon(), Types.DOUBLE);
          ps.setObject(11, r.batteryMv(), Types.INTEGER);
          ps.setObject(12, r.visibleAt().atOffset(ZoneOffset.UTC));
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }

  private void loadRollups(Connection c, String table, long bucketSeconds, Instant from)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + table
                + " (device_id, tenant_id, bucket_start, readings, expected_readings, rssi_min,"
                + " rssi_max, rssi_avg, rssi_p10, rssi_p50, rssi_p90, snr_avg, cells_seen,"
                + " cell_changes, battery_min_mv, longest_gap_s, late_readings, max_lateness_s,"
                + " revision, is_final, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 1, ?, ?)")) {
      for (String id : devices.keySet()) {
        for (List<Reading> bucket : Rollup.buckets(readings(id, from, now), bucketSeconds)) {
          Rollup r = rollupOf(id, bucket, bucketSeconds);
          ps.setString(1, r.deviceId());
          ps.setString(2, r.tenantId());
          ps.setObject(3, r.bucketStart().atOffset(ZoneOffset.UTC));
          ps.setInt(4, r.readings());
          ps.setObject(5, r.expectedReadings(), Types.INTEGER);
          ps.setDouble(6, r.rssiMin());
          ps.setDouble(7, r.rssiMax());
          ps.setDouble(8, r.rssiAvg());
          ps.setDouble(9, r.rssiP10());
          ps.setDouble(10, r.rssiP50());
          ps.setDouble(11, r.rssiP90());
          ps.setObject(12, r.snrAvg(), Types.DOUBLE);
          ps.setInt(13, r.cellsSeen());
          ps.setInt(14, r.cellChanges());
          ps.setObject(15, r.batteryMinMv(), Types.INTEGER);
          ps.setInt(16, r.longestGapS());
          ps.setBoolean(17, r.isFinal());
          ps.setTimestamp(18, Timestamp.from(now));
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }

  private void loadActivities(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO activity_event (device_id, tenant_id, event_id, ts, type, outcome,"
                + " detail, fetched_at) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)")) {
      for (String id : devices.keySet()) {
        for (Activity a : activities.get(id)) {
          ps.setString(1, id);
          ps.setString(2, devices.get(id).tenantId());
          ps.setString(3, a.eventId());
          ps.setObject(4, a.ts().atOffset(ZoneOffset.UTC));
          ps.setString(5, a.type());
          ps.setString(6, a.outcome());
          ps.setString(7, json(a.detail()));
          ps.setObject(8, a.visibleAt().atOffset(ZoneOffset.UTC));
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }

  private void loadDimDevice(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO dim_device (device_id, tenant_id, model, firmware, config_version,"
                + " reporting_interval_s, site, valid_from, valid_to, is_current)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (String id : devices.keySet()) {
        DeviceInfo info = devices.get(id);
        List<Version> history = versions.get(id);
        for (int i = 0; i < history.size(); i++) {
          Version v = history.get(i);
          Instant validTo = i + 1 < history.size() ? history.get(i + 1).validFrom() : null;
          ps.setString(1, id);
          ps.setString(2, info.tenantId());
          ps.setString(3, v.model());
          ps.setString(4, v.firmware());
          ps.setInt(5, v.configVersion());
          ps.setObject(6, info.reportingIntervalS(), Types.INTEGER);
          ps.setString(7, v.site());
          ps.setObject(8, v.validFrom().atOffset(ZoneOffset.UTC));
          ps.setObject(9, validTo == null ? null : validTo.atOffset(ZoneOffset.UTC));
          ps.setBoolean(10, validTo == null);
          ps.addBatch();
        }
      }
      ps.executeBatch();
    }
  }

  // ------------------------------------------------------------------ building

  private Rollup rollupOf(String id, List<Reading> bucket, long bucketSeconds) {
    DeviceInfo info = devices.get(id);
    Instant start =
        Instant.ofEpochSecond(
            Math.floorDiv(bucket.get(0).ts().getEpochSecond(), bucketSeconds) * bucketSeconds);
    // The learned interval stands in for the vendor's when it reports none: the true one.
    return Rollup.of(
        id,
        info.tenantId(),
        start,
        bucketSeconds,
        bucket,
        info.samplingIntervalS(),
        now.minus(Duration.ofDays(7)));
  }

  /**
   * A version per change: the attributes at the history's start, then the configuration of each
   * CONFIG_UPDATE and the firmware of each FIRMWARE_UPDATE from its event time, as the job's
   * dim_device writer learns them from the activity stream.
   */
  private static List<Version> versionsOf(
      DeviceInfo start, Instant historyStart, List<Activity> events) {
    List<Version> history = new ArrayList<>();
    Version current =
        new Version(
            historyStart, start.model(), start.firmware(), start.configVersion(), start.site());
    history.add(current);
    for (Activity a : events) {
      Version next = current;
      if (a.type().equals("CONFIG_UPDATE") && a.outcome().equals("OK")) {
        int config = ((Number) a.detail().get("config_version")).intValue();
        next = new Version(a.ts(), current.model(), current.firmware(), config, current.site());
      } else if (a.type().equals("FIRMWARE_UPDATE") && a.outcome().equals("OK")) {
        String firmware = (String) a.detail().get("firmware");
        next =
            new Version(a.ts(), current.model(), firmware, current.configVersion(), current.site());
      }
      if (!sameAttributes(next, current)) {
        history.add(next);
        current = next;
      }
    }
    return history;
  }

  private static boolean sameAttributes(Version a, Version b) {
    return Objects.equals(a.model(), b.model())
        && Objects.equals(a.firmware(), b.firmware())
        && a.configVersion() == b.configVersion()
        && Objects.equals(a.site(), b.site());
  }

  private void degrade(String id, Instant from) {
    readings.put(
        id,
        readings.get(id).stream()
            .map(
                r ->
                    r.ts().isBefore(from)
                        ? r
                        : new Reading(
                            r.deviceId(),
                            r.ts(),
                            Math.max(-150, r.rssiDbm() - DEGRADATION_DB),
                            r.snrDb(),
                            r.rsrpDbm(),
                            r.rsrqDb(),
                            r.cellId(),
                            r.lat(),
                            r.lon(),
                            r.batteryMv(),
                            r.visibleAt(),
                            r.defect()))
            .toList());
  }

  private void silence(String id, Instant from, Instant to) {
    readings.put(
        id,
        readings.get(id).stream()
            .filter(r -> r.ts().isBefore(from) || !r.ts().isBefore(to))
            .toList());
  }

  private static String json(Map<String, Object> detail) {
    if (detail == null) {
      return null;
    }
    StringBuilder out = new StringBuilder("{");
    detail.forEach(
        (k, v) -> {
          if (out.length() > 1) {
            out.append(',');
          }
          out.append('"').append(k).append("\":");
          out.append(
              v instanceof Number
                  ? v.toString()
                  : "\"" + v.toString().replace("\"", "\\\"") + "\"");
        });
    return out.append('}').toString();
  }
}
