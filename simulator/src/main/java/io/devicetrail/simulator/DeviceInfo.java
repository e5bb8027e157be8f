package io.devicetrail.simulator;

import java.time.Instant;

/**
 * A device as the vendor's device list shows it at some time (CONTRACT §1), plus ground truth the
 * vendor does not publish.
 *
 * @param reportingIntervalS the vendor's value: the sampling interval, or null when "unknown"
 * @param updatedAt time of the last config or firmware change
 * @param samplingIntervalS the true time between readings (also when the vendor reports null)
 * @param sleeps true for a low-power device that uploads in bursts when it wakes; false for an
 *     always-connected one whose readings are visible within two minutes
 * @param wakePeriodS time between wakes: the usual gap between uploads of a sleeping device (an
 *     always-connected device reconnects this often)
 * @param siteMovedAt when the device was last moved to its current site; null for a device that is
 *     never moved (updatedAt is the latest of this and the last config or firmware change)
 */
public record DeviceInfo(
    String deviceId,
    String tenantId,
    String model,
    String firmware,
    int configVersion,
    Integer reportingIntervalS,
    String site,
    Instant updatedAt,
    int samplingIntervalS,
    boolean sleeps,
    long wakePeriodS,
    Instant siteMovedAt) {}
