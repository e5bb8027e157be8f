package io.devicetrail.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The activity events of one device, wake by wake. A failed wake logs a {@code TIMEOUT}. A
 * successful one logs {@code CONNECT} at the wake, then within its session a {@code CONFIG_UPDATE}
 * and/or a {@code FIRMWARE_UPDATE} (followed by a {@code REBOOT}) when a change is due, and rarely
 * a spontaneous {@code REBOOT}. Offsets within a session differ, so a device's events never share a
 * {@code ts} and {@code since}-paging cannot skip one.
 */
final class ActivityModel {

  static final long REBOOT_AFTER_FIRMWARE_OFFSET_S = 20;
  static final long WATCHDOG_REBOOT_OFFSET_S = 25;

  /** The latest offset of an event after its wake. */
  static final long MAX_OFFSET_S = WATCHDOG_REBOOT_OFFSET_S;

  static final double WATCHDOG_REBOOT_RATE = 0.004;

  private final DeviceProfile p;
  private final WakeSchedule wakes;
  private final UpdateSchedule updates;

  ActivityModel(DeviceProfile p, WakeSchedule wakes, UpdateSchedule updates) {
    this.p = p;
    this.wakes = wakes;
    this.updates = updates;
  }

  /**
   * The events with {@code from <= ts <= to}, in {@code ts} order, stopping once {@code max} are
   * collected.
   */
  List<Activity> between(long from, long to, int max) {
    List<Activity> out = new ArrayList<>();
    for (long j = wakes.firstWakeAtOrAfter(from - MAX_OFFSET_S);
        wakes.wakeAt(j) <= to && out.size() < max;
        j++) {
      for (Activity a : eventsOfWake(j)) {
        long ts = a.ts().getEpochSecond();
        if (ts >= from && ts <= to && out.size() < max) out.add(a);
      }
    }
    return out;
  }

  private List<Activity> eventsOfWake(long j) {
    long wake = wakes.wakeAt(j);
    List<Activity> events = new ArrayList<>(2);
    if (wakes.failed(j)) {
      events.add(event("TIMEOUT", j, wake, "FAILED", Map.of("reason", "network attach timed out")));
      return events;
    }
    events.add(event("CONNECT", j, wake, "OK", null));
    long previous = wakes.previousSuccessfulWake(j);
    long config = updates.configAppliedAt(j, previous);
    if (config != Long.MIN_VALUE) {
      events.add(
          event(
              "CONFIG_UPDATE",
              config,
              wake + UpdateSchedule.CONFIG_OFFSET_S,
              "OK",
              Map.of("config_version", updates.configVersion(config))));
    }
    long firmware = updates.firmwareAppliedAt(j, previous);
    if (firmware != Long.MIN_VALUE) {
      events.add(
          event(
              "FIRMWARE_UPDATE",
              firmware,
              wake + UpdateSchedule.FIRMWARE_OFFSET_S,
              "OK",
              Map.of("firmware", updates.firmwareVersion(firmware))));
      events.add(
          event(
              "REBOOT",
              j,
              wake + REBOOT_AFTER_FIRMWARE_OFFSET_S,
              "OK",
              Map.of("reason", "firmware update")));
    } else if (Hash.unit(Hash.of(p.key(), Salt.REBOOT, j)) < WATCHDOG_REBOOT_RATE) {
      events.add(
          event("REBOOT", j, wake + WATCHDOG_REBOOT_OFFSET_S, "OK", Map.of("reason", "watchdog")));
    }
    return events;
  }

  private Activity event(String type, long n, long ts, String outcome, Map<String, Object> detail) {
    return new Activity(
        p.id(),
        p.id() + ":" + type + ":" + n,
        Instant.ofEpochSecond(ts),
        type,
        outcome,
        detail,
        Instant.ofEpochSecond(wakes.visibleAt(ts)));
  }
}
