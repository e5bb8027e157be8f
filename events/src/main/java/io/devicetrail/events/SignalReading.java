package io.devicetrail.events;

import java.time.Instant;

/**
 * One signal reading of one device (CONTRACT §2, topic {@code devicetrail.signal.v1}). Identity is
 * {@code (deviceId, ts)}: the same reading may be published twice and must be counted once.
 *
 * <p>Nullable fields are boxed; {@code rssiDbm} is required by the contract and so is primitive.
 */
public record SignalReading(
    String deviceId,
    String tenantId,
    Instant ts,
    double rssiDbm,
    Double snrDb,
    Double rsrpDbm,
    Double rsrqDb,
    String cellId,
    Double lat,
    Double lon,
    Integer batteryMv,
    Instant fetchedAt) {

  public static final String SCHEMA = "signal.v1";
}
