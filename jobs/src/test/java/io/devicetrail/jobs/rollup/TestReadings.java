package io.devicetrail.jobs.rollup;

import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.SignalReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Readings and snapshots for rollup tests. */
final class TestReadings {

  static final String TENANT = "tenant-a";

  private TestReadings() {}

  static SignalReading reading(String deviceId, Instant ts, double rssi, Instant fetchedAt) {
    return new SignalReading(
        deviceId, TENANT, ts, rssi, 12.5, -95.0, -9.0, "cell-1", null, null, 3600, fetchedAt);
  }

  /** {@code count} readings every {@code interval} from {@code first}, all fetched at once. */
  static List<SignalReading> every(
      String deviceId, Instant first, Duration interval, int count, Instant fetchedAt) {
    List<SignalReading> readings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Instant ts = first.plus(interval.multipliedBy(i));
      readings.add(reading(deviceId, ts, -70 - (i % 17), fetchedAt));
    }
    return readings;
  }

  static DeviceSnapshot snapshot(String deviceId, Integer reportingIntervalS, Instant at) {
    return new DeviceSnapshot(
        deviceId, TENANT, "model-x", "1.0.0", 1, reportingIntervalS, null, at, at);
  }
}
