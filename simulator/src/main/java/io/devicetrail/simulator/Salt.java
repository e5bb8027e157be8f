package io.devicetrail.simulator;

/**
 * One independent random stream per purpose, so that values of different kinds do not correlate.
 */
enum Salt {
  DEVICE,
  TENANT,
  MODEL,
  INTERVAL,
  INTERVAL_KNOWN,
  READING_PHASE,
  WAKE_PERIOD,
  WAKE_PHASE,
  WAKE_FAILURE,
  UPLOAD_DELAY,
  SITE,
  HOME,
  GPS,
  CELLS,
  CELL_ID,
  CELL_SEGMENT,
  CELL_OFFSET,
  RSSI_PROFILE,
  RSSI_DRIFT,
  RSSI_NOISE,
  RSRP,
  SNR,
  RSRQ,
  POSITION,
  BATTERY_PROFILE,
  BATTERY_NOISE,
  NULLS,
  BAD_READING,
  CONFIG_SCHEDULE,
  CONFIG_JITTER,
  FIRMWARE_RELEASE,
  FIRMWARE_ROLLOUT,
  REBOOT,
  FAULT,
  // Appended: a value's ordinal is its seed, so new purposes go last.
  SITE_MOVE;

  final long value = Hash.mix(0x5EED_0000L + ordinal() * 0x1000_0001L);
}
