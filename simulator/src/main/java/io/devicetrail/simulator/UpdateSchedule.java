package io.devicetrail.simulator;

/**
 * Configuration and firmware changes of one device. Each change is scheduled at some time and
 * applied at the device's first successful wake at or after it, where it shows as a {@code
 * CONFIG_UPDATE} or {@code FIRMWARE_UPDATE} event. Changes exist at all times (not only within the
 * served history) so that the current version is defined at any time, in O(1).
 *
 * <p>Config: change k is scheduled at {@code phase + k × period + jitter}. Firmware: the fleet
 * releases version r for a model at {@link FirmwareReleases#releaseAt}; each device picks it up
 * after its own rollout delay of up to a week.
 */
final class UpdateSchedule {

  /** Offsets of the update events within a wake's session. */
  static final long CONFIG_OFFSET_S = 5;

  static final long FIRMWARE_OFFSET_S = 10;

  /** Versions count from here: config version of the first change after it is base + 1. */
  static final long VERSION_EPOCH_S = 1_704_067_200L; // 2024-01-01T00:00:00Z

  private static final long MAX_ROLLOUT_S = 7 * 86_400L;

  private final DeviceProfile p;
  private final WakeSchedule wakes;
  private final FirmwareReleases releases;
  private final long configRef;

  UpdateSchedule(DeviceProfile p, WakeSchedule wakes, FirmwareReleases releases) {
    this.p = p;
    this.wakes = wakes;
    this.releases = releases;
    this.configRef = Math.floorDiv(VERSION_EPOCH_S - p.configPhaseS(), p.configPeriodS());
  }

  // ------------------------------------------------------------------ config

  long configScheduledAt(long k) {
    long jitter =
        Hash.between(Hash.of(p.key(), Salt.CONFIG_JITTER, k), 0, p.configPeriodS() / 2 - 1);
    return p.configPhaseS() + k * p.configPeriodS() + jitter;
  }

  int configVersion(long k) {
    return (int) (p.configBase() + (k - configRef));
  }

  long configEventTs(long k) {
    return wakes.wakeAt(wakes.firstSuccessfulWakeAtOrAfter(configScheduledAt(k))) + CONFIG_OFFSET_S;
  }

  /** The last config change whose event is visible at {@code now}. */
  long currentConfig(long now) {
    long k = Math.floorDiv(now - p.configPhaseS(), p.configPeriodS());
    while (wakes.visibleAt(configEventTs(k)) > now) k--;
    return k;
  }

  /** The highest config change applied at wake {@code j}, or {@code Long.MIN_VALUE}. */
  long configAppliedAt(long j, long previousSuccessfulWake) {
    long wake = wakes.wakeAt(j);
    long previous = wakes.wakeAt(previousSuccessfulWake);
    for (long k = Math.floorDiv(wake - p.configPhaseS(), p.configPeriodS()); ; k--) {
      long s = configScheduledAt(k);
      if (s <= previous) return Long.MIN_VALUE;
      if (s <= wake) return k;
    }
  }

  // ------------------------------------------------------------------ firmware

  long firmwareScheduledAt(long r) {
    long rollout =
        Hash.between(
            Hash.of(p.key(), Salt.FIRMWARE_ROLLOUT, r),
            0,
            Math.min(MAX_ROLLOUT_S, releases.periodS(p.model()) / 2) - 1);
    return releases.releaseAt(p.model(), r) + rollout;
  }

  String firmwareVersion(long r) {
    return releases.version(p.model(), r);
  }

  long firmwareEventTs(long r) {
    return wakes.wakeAt(wakes.firstSuccessfulWakeAtOrAfter(firmwareScheduledAt(r)))
        + FIRMWARE_OFFSET_S;
  }

  /** The last firmware release whose update event is visible at {@code now}. */
  long currentFirmware(long now) {
    long r = releases.lastReleaseAtOrBefore(p.model(), now);
    while (wakes.visibleAt(firmwareEventTs(r)) > now) r--;
    return r;
  }

  /** The highest firmware release installed at wake {@code j}, or {@code Long.MIN_VALUE}. */
  long firmwareAppliedAt(long j, long previousSuccessfulWake) {
    long wake = wakes.wakeAt(j);
    long previous = wakes.wakeAt(previousSuccessfulWake);
    for (long r = releases.lastReleaseAtOrBefore(p.model(), wake); ; r--) {
      long s = firmwareScheduledAt(r);
      if (s <= previous) return Long.MIN_VALUE;
      if (s <= wake) return r;
    }
  }
}
