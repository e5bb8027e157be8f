package io.devicetrail.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one device has done, computed on demand. Both the HTTP API and the ground truth read a
 * device through this class, so they cannot disagree.
 */
final class DeviceTimeline {

  private final DeviceProfile profile;
  private final WakeSchedule wakes;
  private final UpdateSchedule updates;
  private final SignalModel signal;
  private final ActivityModel activity;
  private final long historyStart;

  DeviceTimeline(
      DeviceProfile profile, FirmwareReleases releases, double badReadingRate, long historyStart) {
    this.profile = profile;
    this.wakes = new WakeSchedule(profile);
    this.updates = new UpdateSchedule(profile, wakes, releases);
    this.signal = new SignalModel(profile, wakes, badReadingRate);
    this.activity = new ActivityModel(profile, wakes, updates);
    this.historyStart = historyStart;
  }

  /**
   * Readings visible at {@code at} with {@code ts > since} (all when {@code since} is null), in
   * {@code ts} order, at most {@code limit}.
   */
  Page<Reading> signal(Instant since, int limit, Instant at) {
    checkLimit(limit);
    long first = signal.firstAtOrAfter(Math.max(historyStart, afterExclusive(since)));
    long last = signal.lastAtOrBefore(wakes.visibleUpTo(at.getEpochSecond()));
    if (last < first) return new Page<>(List.of(), false);
    long available = last - first + 1;
    int n = (int) Math.min(limit, available);
    List<Reading> readings = new ArrayList<>(n);
    for (long k = first; k < first + n; k++) readings.add(signal.reading(k));
    return new Page<>(readings, available > n);
  }

  /** Activity events visible at {@code at} with {@code ts > since}, like {@link #signal}. */
  Page<Activity> activity(Instant since, int limit, Instant at) {
    checkLimit(limit);
    long from = Math.max(historyStart, afterExclusive(since));
    long to = wakes.visibleUpTo(at.getEpochSecond());
    if (to < from) return new Page<>(List.of(), false);
    int fetch = limit == Integer.MAX_VALUE ? limit : limit + 1;
    List<Activity> events = activity.between(from, to, fetch);
    boolean more = events.size() > limit;
    return new Page<>(more ? events.subList(0, limit) : events, more);
  }

  /** The device as the device list shows it at {@code at}. */
  DeviceInfo info(Instant at) {
    long now = at.getEpochSecond();
    long config = updates.currentConfig(now);
    long firmware = updates.currentFirmware(now);
    long updatedAt = Math.max(updates.configEventTs(config), updates.firmwareEventTs(firmware));
    Instant siteMovedAt = null;
    if (profile.movesSites()) {
      long moved = profile.siteMoveAt(profile.siteMoveIndex(now));
      siteMovedAt = Instant.ofEpochSecond(moved);
      updatedAt = Math.max(updatedAt, moved);
    }
    return new DeviceInfo(
        profile.id(),
        profile.tenant(),
        profile.model().name,
        updates.firmwareVersion(firmware),
        updates.configVersion(config),
        profile.intervalKnown() ? profile.intervalS() : null,
        profile.siteAt(now),
        Instant.ofEpochSecond(updatedAt),
        profile.intervalS(),
        profile.sleeps(),
        profile.wakePeriodS(),
        siteMovedAt);
  }

  private static void checkLimit(int limit) {
    if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, was " + limit);
  }

  /** The first whole second after {@code since}; timestamps are whole seconds. */
  private static long afterExclusive(Instant since) {
    return since == null ? Long.MIN_VALUE / 4 : since.getEpochSecond() + 1;
  }
}
