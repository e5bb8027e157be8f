package io.devicetrail.jobs;

import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.SignalReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Deterministic readings, activities and devices for job tests. */
final class TestFleet {

  static final Instant FETCHED = Instant.parse("2026-11-02T12:00:00Z");

  static String deviceId(int d) {
    return String.format("dev-%04d", d);
  }

  static String tenant(int d) {
    return "tenant-" + (d % 3);
  }

  /** {@code perDevice} readings every 5 minutes for each device, ending an hour before fetch. */
  static List<SignalReading> readings(int devices, int perDevice) {
    List<SignalReading> out = new ArrayList<>();
    Instant first = FETCHED.minus(Duration.ofHours(1)).minus(Duration.ofMinutes(5L * perDevice));
    for (int d = 0; d < devices; d++) {
      for (int k = 0; k < perDevice; k++) {
        out.add(reading(d, first.plus(Duration.ofMinutes(5L * k)), -60 - ((d * 7 + k) % 50)));
      }
    }
    return out;
  }

  static SignalReading reading(int d, Instant ts, double rssi) {
    return new SignalReading(
        deviceId(d),
        tenant(d),
        ts,
        rssi,
        4.5,
        -95.0,
        -9.5,
        "cell-" + (d % 5),
        52.0 + d * 1e-3,
        13.0,
        3600 - d,
        FETCHED);
  }

  static List<DeviceActivity> activities(int devices) {
    List<DeviceActivity> out = new ArrayList<>();
    for (int d = 0; d < devices; d++) {
      out.add(
          new DeviceActivity(
              deviceId(d),
              tenant(d),
              deviceId(d) + ":CONNECT:1",
              FETCHED.minus(Duration.ofHours(3)),
              "CONNECT",
              "OK",
              null,
              FETCHED));
      out.add(
          new DeviceActivity(
              deviceId(d),
              tenant(d),
              deviceId(d) + ":CONFIG_UPDATE:1",
              FETCHED.minus(Duration.ofHours(2)),
              "CONFIG_UPDATE",
              "OK",
              "{\"config_version\":2}",
              FETCHED));
    }
    return out;
  }

  static List<DeviceSnapshot> snapshots(int devices) {
    List<DeviceSnapshot> out = new ArrayList<>();
    for (int d = 0; d < devices; d++) {
      out.add(
          new DeviceSnapshot(
              deviceId(d),
              tenant(d),
              "NB-1",
              "1.0." + d,
              2,
              300,
              "site-" + d,
              FETCHED.minus(Duration.ofHours(2)),
              FETCHED));
    }
    return out;
  }

  private TestFleet() {}
}
