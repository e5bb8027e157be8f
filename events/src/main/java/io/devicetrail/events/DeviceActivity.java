package io.devicetrail.events;

import java.time.Instant;

/**
 * One activity event of one device (CONTRACT §2, topic {@code devicetrail.activity.v1}). Identity
 * is {@code eventId}. {@code detailJson} is the vendor's {@code detail} object as compact JSON
 * text, or null.
 */
public record DeviceActivity(
    String deviceId,
    String tenantId,
    String eventId,
    Instant ts,
    String type,
    String outcome,
    String detailJson,
    Instant fetchedAt) {

  public static final String SCHEMA = "activity.v1";
}
