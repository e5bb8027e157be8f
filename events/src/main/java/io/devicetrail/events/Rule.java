package io.devicetrail.events;

/**
 * The validity rules of CONTRACT §2, each with the stable code that dead letters and metrics carry.
 */
public enum Rule {
  MALFORMED_JSON("json.malformed"),
  SCHEMA("schema.mismatch"),
  MISSING_FIELD("field.missing"),
  WRONG_TYPE("field.type"),
  DEVICE_ID("device_id.format"),
  TENANT_ID("tenant_id.format"),
  EVENT_ID("event_id.format"),
  RSSI_RANGE("rssi_dbm.range"),
  SNR_RANGE("snr_db.range"),
  RSRP_RANGE("rsrp_dbm.range"),
  RSRQ_RANGE("rsrq_db.range"),
  LAT_RANGE("lat.range"),
  LON_RANGE("lon.range"),
  BATTERY_RANGE("battery_mv.range"),
  TS_FUTURE("ts.future"),
  TS_TOO_OLD("ts.too_old"),
  ACTIVITY_TYPE("type.format"),
  ACTIVITY_OUTCOME("outcome.value"),
  UNKNOWN_DEVICE("device.unknown");

  private final String code;

  Rule(String code) {
    this.code = code;
  }

  /** The stable, machine-readable name, e.g. {@code rssi_dbm.range}. */
  public String code() {
    return code;
  }
}
