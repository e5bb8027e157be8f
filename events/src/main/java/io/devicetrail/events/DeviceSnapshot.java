package io.devicetrail.events;

import java.time.Instant;

/**
 * A device as last listed by the vendor API (CONTRACT §2, compacted topic {@code
 * devicetrail.device.v1}). {@code reportingIntervalS} is null when the vendor does not know it.
 */
public record DeviceSnapshot(
    String deviceId,
    String tenantId,
    String model,
    String firmware,
    int configVersion,
    Integer reportingIntervalS,
    String site,
    Instant updatedAt,
    Instant fetchedAt) {

  public static final String SCHEMA = "device.v1";
}
