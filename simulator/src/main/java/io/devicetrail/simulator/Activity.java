package io.devicetrail.simulator;

import java.time.Instant;
import java.util.Map;

/**
 * One activity event as the vendor API serves it (CONTRACT §1), plus when it became visible.
 *
 * @param eventId unique and stable: {@code <device_id>:<type>:<n>}
 * @param type CONNECT, TIMEOUT, CONFIG_UPDATE, FIRMWARE_UPDATE or REBOOT
 * @param outcome OK or FAILED
 * @param detail the event's detail object (values are strings or integers), or null
 */
public record Activity(
    String deviceId,
    String eventId,
    Instant ts,
    String type,
    String outcome,
    Map<String, Object> detail,
    Instant visibleAt) {}
