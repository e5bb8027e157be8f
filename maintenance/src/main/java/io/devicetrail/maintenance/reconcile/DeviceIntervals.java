package io.devicetrail.maintenance.reconcile;

import io.devicetrail.connectors.warehouse.WarehouseConnection;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

/**
 * The vendor's reporting interval of each device over time, from the warehouse's type-2 {@code
 * dim_device}: the version valid at an instant, else (an instant before the device's first known
 * version) its earliest version. Null where the vendor does not know the interval.
 */
final class DeviceIntervals {

  private record Version(Instant validFrom, Instant validTo, Integer intervalS) {}

  private final Map<String, List<Version>> byDevice;

  private DeviceIntervals(Map<String, List<Version>> byDevice) {
    this.byDevice = byDevice;
  }

  static DeviceIntervals none() {
    return new DeviceIntervals(Map.of());
  }

  /** Every version of every device, a few rows per device. */
  static DeviceIntervals load(WarehouseConnection warehouse) throws SQLException {
    Map<String, List<Version>> byDevice = new HashMap<>();
    Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    try (Connection c = warehouse.open("devicetrail-maintenance-reconcile");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT device_id, valid_from, valid_to, reporting_interval_s FROM dim_device"
                    + " ORDER BY device_id, valid_from")) {
      while (rs.next()) {
        Timestamp to = rs.getTimestamp(3, utc);
        byDevice
            .computeIfAbsent(rs.getString(1), d -> new ArrayList<>())
            .add(
                new Version(
                    rs.getTimestamp(2, utc).toInstant(),
                    to == null ? null : to.toInstant(),
                    (Integer) rs.getObject(4)));
      }
    }
    return new DeviceIntervals(byDevice);
  }

  /** The vendor interval of {@code deviceId} at {@code at} in seconds, or null when unknown. */
  Integer intervalAt(String deviceId, Instant at) {
    List<Version> versions = byDevice.get(deviceId);
    if (versions == null || versions.isEmpty()) {
      return null;
    }
    for (Version v : versions) {
      if (!at.isBefore(v.validFrom()) && (v.validTo() == null || at.isBefore(v.validTo()))) {
        return v.intervalS();
      }
    }
    return at.isBefore(versions.get(0).validFrom())
        ? versions.get(0).intervalS()
        : versions.get(versions.size() - 1).intervalS();
  }

  int devices() {
    return byDevice.size();
  }
}
