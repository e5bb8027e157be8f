package io.devicetrail.connectors.warehouse.model;

import java.time.Instant;

/**
 * What the job learned about a device's rhythm, for {@code device_latest}'s learned columns
 * (CONTRACT §4, §6). Emitted by the rollup operator whenever one of the learned values changes.
 *
 * @param learnedIntervalS the device's sampling interval in seconds; null until learned
 * @param learnedUploadGapS the usual time between two uploads in seconds; null until learned
 * @param nextUploadDueAt {@code lastUploadAt + learnedUploadGapS}; null until the gap is learned
 * @param lastUploadAt the newest {@code ts} of the device's latest upload (a burst of readings
 *     fetched together)
 * @param vendorIntervalS the vendor's {@code reporting_interval_s}, null when unknown
 * @param updatedAt when this cadence was computed (processing time)
 */
public record DeviceCadence(
    String deviceId,
    String tenantId,
    Integer learnedIntervalS,
    Integer learnedUploadGapS,
    Instant nextUploadDueAt,
    Instant lastUploadAt,
    Integer vendorIntervalS,
    Instant updatedAt) {

  /** The interval expected_readings uses: the vendor's, else the learned one, else null. */
  public Integer effectiveIntervalS() {
    return vendorIntervalS != null ? vendorIntervalS : learnedIntervalS;
  }
}
