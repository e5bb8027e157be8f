package io.devicetrail.connectors.warehouse;

import io.devicetrail.connectors.warehouse.model.RollupTier;
import io.devicetrail.connectors.warehouse.model.SignalRollup;
import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.SignalReading;
import java.time.Instant;

/** Test rows with readable defaults, on 26 Nov 2026 (UTC). */
final class Rows {

  static final String TENANT = "acme";

  private Rows() {}

  static Instant at(String time) {
    return Instant.parse("2026-11-26T" + time + "Z");
  }

  /** A reading at {@code time} (hh:mm:ss) whose other values derive from {@code rssi}. */
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

  static SignalReading refetched(SignalReading r, Instant fetchedAt) {
    return new SignalReading(
        r.deviceId(),
        r.tenantId(),
        r.ts(),
        r.rssiDbm(),
        r.snrDb(),
        r.rsrpDbm(),
        r.rsrqDb(),
        r.cellId(),
        r.lat(),
        r.lon(),
        r.batteryMv(),
        fetchedAt);
  }

  static DeviceActivity activity(String deviceId, String eventId, String time, String detail) {
    return new DeviceActivity(
        deviceId,
        TENANT,
        eventId,
        at(time),
        "CONFIG_UPDATE",
        "OK",
        detail,
        at(time).plusSeconds(60));
  }

  /**
   * A rollup of {@code readings} readings in the bucket starting at {@code bucketStart}; the values
   * derive from readings and revision so that two revisions differ in every column.
   */
  static SignalRollup rollup(
      RollupTier tier,
      String deviceId,
      String bucketStart,
      int revision,
      boolean isFinal,
      int readings) {
    return new SignalRollup(
        tier,
        deviceId,
        TENANT,
        at(bucketStart),
        readings,
        tier == RollupTier.HOUR ? 12 : 288,
        -100.0 + revision,
        -60.0 - revision,
        -80.5,
        -95.0,
        -80.0,
        -65.0,
        revision == 1 ? null : 7.25,
        2,
        revision,
        revision == 1 ? null : 3300 + revision,
        300 * revision,
        revision - 1,
        revision == 1 ? 0 : 3600 * revision,
        revision,
        isFinal,
        at(bucketStart).plusSeconds(7200L * revision));
  }

  static DeviceAttributes attributes(
      String deviceId, String validFrom, String firmware, int configVersion) {
    return new DeviceAttributes(
        deviceId, TENANT, "LTE-M tracker", firmware, configVersion, 900, "depot-3", at(validFrom));
  }
}
