package io.devicetrail.simulator;

/**
 * Fleet-wide firmware releases: each model gets a new version every 30 to 75 days (per seed), and
 * devices pick it up over the following days (see {@link UpdateSchedule}).
 */
final class FirmwareReleases {

  private final long[] periodS;
  private final long[] phaseS;
  private final long[] refRelease;

  FirmwareReleases(long seed) {
    DeviceModel[] models = DeviceModel.values();
    periodS = new long[models.length];
    phaseS = new long[models.length];
    refRelease = new long[models.length];
    long fleetKey = Hash.mix(seed + Salt.FIRMWARE_RELEASE.value);
    for (DeviceModel m : models) {
      int i = m.ordinal();
      periodS[i] = Hash.between(Hash.of(fleetKey, Salt.FIRMWARE_RELEASE, i, 0), 30, 75) * 86_400L;
      phaseS[i] = Hash.between(Hash.of(fleetKey, Salt.FIRMWARE_RELEASE, i, 1), 0, periodS[i] - 1);
      refRelease[i] = Math.floorDiv(UpdateSchedule.VERSION_EPOCH_S - phaseS[i], periodS[i]);
    }
  }

  long periodS(DeviceModel m) {
    return periodS[m.ordinal()];
  }

  long releaseAt(DeviceModel m, long r) {
    return phaseS[m.ordinal()] + r * periodS[m.ordinal()];
  }

  long lastReleaseAtOrBefore(DeviceModel m, long t) {
    return Math.floorDiv(t - phaseS[m.ordinal()], periodS[m.ordinal()]);
  }

  /** E.g. "1.3.7": major per model, then the release count since 2024 in two digits. */
  String version(DeviceModel m, long r) {
    long n = Math.max(0, r - refRelease[m.ordinal()]);
    return m.firmwareMajor + "." + (n / 10) + "." + (n % 10);
  }
}
