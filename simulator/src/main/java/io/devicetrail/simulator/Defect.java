package io.devicetrail.simulator;

/**
 * A deliberate fault in a reading, so that dead-lettering can be tested. Each breaks exactly one
 * validity rule of CONTRACT §2 and still serializes to well-formed JSON.
 */
public enum Defect {
  /** {@code rssi_dbm = 5}: outside [-150, 0]. */
  RSSI_POSITIVE,
  /** {@code battery_mv = 20000}: outside [0, 10000]. */
  BATTERY_TOO_HIGH,
  /** {@code lat = 123.4567}: outside [-90, 90]. */
  LAT_OUT_OF_RANGE,
  /** {@code rsrq_db = 7.5}: outside [-40, 0]. */
  RSRQ_POSITIVE
}
