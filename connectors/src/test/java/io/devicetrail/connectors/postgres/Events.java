package io.devicetrail.connectors.postgres;

import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.SignalReading;
import java.time.Instant;

/** Test events with readable defaults. */
final class Events {

  static final String TENANT = "acme";

  private Events() {}

  static Instant at(String time) {
    return Instant.parse("2026-11-26T" + time + "Z");
  }

  /** A reading at {@code time} (hh:mm:ss, 26 Nov 2026) whose values derive from {@code rssi}. */
  static SignalReading reading(String deviceId, String time, double rssi) {
    return new SignalReading(
        deviceId,
        TENANT,
        at(time),
        rssi,
        rssi / 10,
        rssi - 20,
        -10.0,
        "cell-" + (int) -rssi,
        52.5,
        13.4,
        3600,
        at(time).plusSeconds(3600));
  }

  static DeviceActivity activity(String deviceId, String eventId, String time, String type) {
    return new DeviceActivity(
        deviceId,
        TENANT,
        eventId,
        at(time),
        type,
        "OK",
        "{\"note\":\"" + eventId + "\"}",
        at(time).plusSeconds(60));
  }

  static DeviceSnapshot device(String deviceId, String updatedAt, String firmware) {
    return new DeviceSnapshot(
        deviceId,
        TENANT,
        "LTE-M tracker",
        firmware,
        7,
        900,
        "depot-3",
        at(updatedAt),
        at(updatedAt).plusSeconds(30));
  }

  static DeviceSnapshot relisted(DeviceSnapshot d, Instant fetchedAt) {
    return new DeviceSnapshot(
        d.deviceId(),
        d.tenantId(),
        d.model(),
        d.firmware(),
        d.configVersion(),
        d.reportingIntervalS(),
        d.site(),
        d.updatedAt(),
        fetchedAt);
  }
}
