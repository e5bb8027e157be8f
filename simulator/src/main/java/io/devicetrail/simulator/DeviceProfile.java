package io.devicetrail.simulator;

import java.util.List;

/**
 * The constants of one device, derived from (seed, index) in a few dozen hash steps. Made on demand
 * per request and never kept, so a fleet of any size costs no memory per device.
 */
record DeviceProfile(
    int index,
    String id,
    long key,
    String tenant,
    int tenantIndex,
    DeviceModel model,
    int intervalS,
    boolean intervalKnown,
    long readingPhaseS,
    long wakePeriodS,
    long wakePhaseS,
    long uploadDelayS,
    String site,
    double homeLat,
    double homeLon,
    boolean hasGps,
    int cellCount,
    long cellSegmentS,
    long cellPhaseS,
    double rssiBase,
    double rssiDailyAmplitude,
    double rssiDailyPhase,
    long batteryCycleS,
    long batteryPhaseS,
    int batteryFullMv,
    int batteryEmptyMv,
    long configPeriodS,
    long configPhaseS,
    int configBase,
    long siteMovePeriodS,
    long siteMovePhaseS) {

  private static final int[] INTERVALS_S = {300, 600, 900, 1800, 3600};

  /** Share of devices whose sampling interval the vendor reports as null. */
  static final double UNKNOWN_INTERVAL_SHARE = 0.2;

  static final double NO_SITE_SHARE = 0.15;

  /** Region centres that tenants are spread over (lat, lon). */
  private static final double[][] REGIONS = {
    {52.52, 13.405}, {41.88, -87.63}, {-23.55, -46.63}, {-33.87, 151.21}, {-1.29, 36.82}
  };

  private static final long MINUTE = 60;
  private static final long HOUR = 3600;
  private static final long DAY = 86_400;

  static DeviceProfile of(long seed, int index, String id, List<String> tenants) {
    return of(seed, index, id, tenants, 30, 1440, 0);
  }

  /** As above, sleepers waking every {@code sleepMinMinutes} to {@code sleepMaxMinutes}. */
  static DeviceProfile of(
      long seed,
      int index,
      String id,
      List<String> tenants,
      long sleepMinMinutes,
      long sleepMaxMinutes,
      double siteMoveShare) {
    long key = Hash.mix(seed ^ Hash.mix(index + Salt.DEVICE.value));
    int tenantIndex = Hash.below(Hash.of(key, Salt.TENANT, 0), tenants.size());
    DeviceModel model = DeviceModel.forPercentile(Hash.below(Hash.of(key, Salt.MODEL, 0), 100));

    int intervalS = INTERVALS_S[Hash.below(Hash.of(key, Salt.INTERVAL, 0), INTERVALS_S.length)];
    boolean intervalKnown =
        Hash.unit(Hash.of(key, Salt.INTERVAL_KNOWN, 0)) >= UNKNOWN_INTERVAL_SHARE;
    // Half of the devices sample on the clock (xx:00, xx:05, ...), the others with their own phase.
    long phaseDraw = Hash.of(key, Salt.READING_PHASE, 0);
    long readingPhaseS = (phaseDraw & 1) == 0 ? 0 : Hash.between(phaseDraw >>> 1, 1, intervalS - 1);

    long wakePeriodS;
    if (model.sleeps) {
      // Log-uniform over the sleep range (default 30 minutes to a day): many wake often, a few
      // rarely.
      double u = Hash.unit(Hash.of(key, Salt.WAKE_PERIOD, 0));
      double minutes = sleepMinMinutes * Math.pow((double) sleepMaxMinutes / sleepMinMinutes, u);
      wakePeriodS =
          Math.max(sleepMinMinutes, Math.min(sleepMaxMinutes, Math.round(minutes))) * MINUTE;
    } else {
      // Always connected: the period only paces CONNECT events (session refreshes).
      wakePeriodS = Hash.between(Hash.of(key, Salt.WAKE_PERIOD, 0), 2 * 60, 12 * 60) * MINUTE;
    }
    long wakePhaseS = Hash.between(Hash.of(key, Salt.WAKE_PHASE, 0), 0, wakePeriodS - 1);
    long uploadDelayS = Hash.between(Hash.of(key, Salt.UPLOAD_DELAY, 0), 5, 120);

    long siteDraw = Hash.of(key, Salt.SITE, 0);
    String site =
        Hash.unit(siteDraw) < NO_SITE_SHARE
            ? null
            : tenants.get(tenantIndex) + "-site-" + String.format("%02d", Hash.below(siteDraw, 40));

    double[] region = REGIONS[tenantIndex % REGIONS.length];
    double homeLat = region[0] + 0.4 * Hash.signed(Hash.of(key, Salt.HOME, 0));
    double homeLon = region[1] + 0.6 * Hash.signed(Hash.of(key, Salt.HOME, 1));
    boolean hasGps =
        switch (model.gps) {
          case ALWAYS, FIXED -> true;
          case NEVER -> false;
          case SOME -> Hash.unit(Hash.of(key, Salt.GPS, 0)) < 0.5;
        };

    int cellCount = (int) Hash.between(Hash.of(key, Salt.CELLS, 0), 2, 5);
    long cellSegmentS = Hash.between(Hash.of(key, Salt.CELLS, 1), 4, 24) * HOUR;
    long cellPhaseS = Hash.between(Hash.of(key, Salt.CELLS, 2), 0, cellSegmentS - 1);

    double rssiBase = -105 + 35 * Hash.unit(Hash.of(key, Salt.RSSI_PROFILE, 0));
    double rssiDailyAmplitude = 2 + 4 * Hash.unit(Hash.of(key, Salt.RSSI_PROFILE, 1));
    double rssiDailyPhase = 2 * Math.PI * Hash.unit(Hash.of(key, Salt.RSSI_PROFILE, 2));

    long batteryCycleS = Hash.between(Hash.of(key, Salt.BATTERY_PROFILE, 0), 3, 30) * DAY;
    long batteryPhaseS = Hash.between(Hash.of(key, Salt.BATTERY_PROFILE, 1), 0, batteryCycleS - 1);
    int batteryFullMv = (int) Hash.between(Hash.of(key, Salt.BATTERY_PROFILE, 2), 4000, 4200);
    int batteryEmptyMv = (int) Hash.between(Hash.of(key, Salt.BATTERY_PROFILE, 3), 3300, 3500);

    long configPeriodS = Hash.between(Hash.of(key, Salt.CONFIG_SCHEDULE, 0), 7, 30) * DAY;
    long configPhaseS = Hash.between(Hash.of(key, Salt.CONFIG_SCHEDULE, 1), 0, configPeriodS - 1);
    int configBase = (int) Hash.between(Hash.of(key, Salt.CONFIG_SCHEDULE, 2), 1, 5);

    // Some devices are moved between their tenant's sites every 1-4 days (a site change in the
    // device list); the others stay where they are.
    long moveDraw = Hash.of(key, Salt.SITE_MOVE, -1);
    boolean moves = site != null && Hash.unit(moveDraw) < siteMoveShare;
    long siteMovePeriodS =
        moves ? Hash.between(Hash.of(key, Salt.SITE_MOVE, -2), 24, 96) * HOUR : 0;
    long siteMovePhaseS =
        moves ? Hash.between(Hash.of(key, Salt.SITE_MOVE, -3), 0, siteMovePeriodS - 1) : 0;

    return new DeviceProfile(
        index,
        id,
        key,
        tenants.get(tenantIndex),
        tenantIndex,
        model,
        intervalS,
        intervalKnown,
        readingPhaseS,
        wakePeriodS,
        wakePhaseS,
        uploadDelayS,
        site,
        homeLat,
        homeLon,
        hasGps,
        cellCount,
        cellSegmentS,
        cellPhaseS,
        rssiBase,
        rssiDailyAmplitude,
        rssiDailyPhase,
        batteryCycleS,
        batteryPhaseS,
        batteryFullMv,
        batteryEmptyMv,
        configPeriodS,
        configPhaseS,
        configBase,
        siteMovePeriodS,
        siteMovePhaseS);
  }

  /** True for a device that is moved between sites. */
  boolean movesSites() {
    return siteMovePeriodS > 0;
  }

  /** The index of the last site move at or before {@code epochSecond}. */
  long siteMoveIndex(long epochSecond) {
    return Math.floorDiv(epochSecond - siteMovePhaseS, siteMovePeriodS);
  }

  /** When move {@code k} happened. */
  long siteMoveAt(long k) {
    return siteMovePhaseS + k * siteMovePeriodS;
  }

  /** The site at {@code epochSecond}: a mover's current site, else the fixed one. */
  String siteAt(long epochSecond) {
    if (!movesSites()) {
      return site;
    }
    long k = siteMoveIndex(epochSecond);
    return tenant
        + "-site-"
        + String.format("%02d", Hash.below(Hash.of(key, Salt.SITE_MOVE, k), 40));
  }

  boolean sleeps() {
    return model.sleeps;
  }

  boolean hasBattery() {
    return model.battery;
  }
}
