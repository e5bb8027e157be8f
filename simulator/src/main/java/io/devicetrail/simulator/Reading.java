package io.devicetrail.simulator;

import java.time.Instant;

/**
 * One signal reading as the vendor API serves it (CONTRACT §1), plus the ground truth: when it
 * became visible and whether it was deliberately made invalid.
 *
 * @param visibleAt the simulated time from which the API serves it (the device's upload)
 * @param defect null for a valid reading; otherwise the rule it breaks on purpose
 */
public record Reading(
    String deviceId,
    Instant ts,
    double rssiDbm,
    Double snrDb,
    Double rsrpDbm,
    Double rsrqDb,
    String cellId,
    Double lat,
    Double lon,
    Integer batteryMv,
    Instant visibleAt,
    Defect defect) {

  public boolean valid() {
    return defect == null;
  }
}
