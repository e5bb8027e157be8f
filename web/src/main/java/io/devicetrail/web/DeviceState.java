package io.devicetrail.web;

import java.time.Instant;

/**
 * One device as the device page shows it: the vendor's attributes ({@code device}) and the latest
 * state with its status ({@code device_status}); either part may be missing (null fields) when the
 * device was listed but sent nothing yet, or sent data before it was listed. {@code now} is the
 * database's clock, the one the status was computed with.
 */
public record DeviceState(
    String deviceId,
    String tenantId,
    String model,
    String firmware,
    String site,
    Integer reportingIntervalS,
    Status status,
    Instant lastReadingTs,
    Double rssiDbm,
    Double snrDb,
    String cellId,
    Integer batteryMv,
    Instant lastActivityTs,
    String lastActivityType,
    String lastActivityOutcome,
    Integer learnedIntervalS,
    Integer learnedUploadGapS,
    Instant nextUploadDueAt,
    Instant lastUploadAt,
    Instant now) {

  /** The sampling interval coverage is measured against: learned, else the vendor's. */
  public Integer expectedIntervalS() {
    return learnedIntervalS != null && learnedIntervalS > 0 ? learnedIntervalS : reportingIntervalS;
  }
}
