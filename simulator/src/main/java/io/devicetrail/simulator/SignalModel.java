package io.devicetrail.simulator;

import java.time.Instant;

/**
 * The values of reading k of one device, a pure function of the device and k: RSSI drifts smoothly
 * (slow noise plus a daily swing plus the serving cell's offset), the other radio values follow it,
 * the device hops among a few cells now and then, moves around its home, and its battery drains
 * slowly and recharges.
 */
final class SignalModel {

  static final double RSSI_MIN = -120;
  static final double RSSI_MAX = -50;
  static final double SNR_MIN = -10;
  static final double SNR_MAX = 30;
  static final double RSRP_MIN = -140;
  static final double RSRP_MAX = -44;
  static final double RSRQ_MIN = -20;
  static final double RSRQ_MAX = -3;

  // Shares of readings in which a nullable field is missing.
  private static final double NULL_SNR = 0.03;
  private static final double NULL_RSRP_RSRQ = 0.04;
  private static final double NULL_CELL = 0.02;
  private static final double NO_GPS_FIX = 0.08;
  private static final double NULL_BATTERY = 0.02;

  private static final double RECHARGE_SHARE = 0.08;

  private final DeviceProfile p;
  private final WakeSchedule wakes;
  private final double badReadingRate;

  SignalModel(DeviceProfile p, WakeSchedule wakes, double badReadingRate) {
    this.p = p;
    this.wakes = wakes;
    this.badReadingRate = badReadingRate;
  }

  long tsOf(long k) {
    return p.readingPhaseS() + k * p.intervalS();
  }

  /** Index of the first reading at or after {@code t}. */
  long firstAtOrAfter(long t) {
    return WakeSchedule.ceilDiv(t - p.readingPhaseS(), p.intervalS());
  }

  /** Index of the last reading at or before {@code t}. */
  long lastAtOrBefore(long t) {
    return Math.floorDiv(t - p.readingPhaseS(), p.intervalS());
  }

  Reading reading(long k) {
    long key = p.key();
    long ts = tsOf(k);
    long nulls = Hash.of(key, Salt.NULLS, k);

    int cell = cellAt(ts);
    double cellRssiOffset = 6 * Hash.signed(Hash.of(key, Salt.CELL_OFFSET, cell, 0));
    double drift = 8 * valueNoise(key, Salt.RSSI_DRIFT, ts / 10_800.0);
    double daily =
        p.rssiDailyAmplitude()
            * Math.sin(2 * Math.PI * Math.floorMod(ts, 86_400L) / 86_400.0 + p.rssiDailyPhase());
    double noise = 2.5 * Hash.signed(Hash.of(key, Salt.RSSI_NOISE, k));
    double rssi =
        clamp(Math.rint(p.rssiBase() + drift + daily + cellRssiOffset + noise), RSSI_MIN, RSSI_MAX);
    double quality = (rssi - RSSI_MIN) / (RSSI_MAX - RSSI_MIN);

    Double snr =
        part(nulls, 0) < NULL_SNR
            ? null
            : clamp(
                round1(-8 + 30 * quality + 3 * Hash.signed(Hash.of(key, Salt.SNR, k))),
                SNR_MIN,
                SNR_MAX);
    boolean noRsrp = part(nulls, 1) < NULL_RSRP_RSRQ;
    Double rsrp =
        noRsrp
            ? null
            : clamp(
                Math.rint(rssi - 12 - 8 * Hash.unit(Hash.of(key, Salt.RSRP, k))),
                RSRP_MIN,
                RSRP_MAX);
    Double rsrq =
        noRsrp
            ? null
            : clamp(
                Math.rint(2 * (-19 + 14 * quality + 1.5 * Hash.signed(Hash.of(key, Salt.RSRQ, k))))
                    / 2,
                RSRQ_MIN,
                RSRQ_MAX);
    String cellId = part(nulls, 2) < NULL_CELL ? null : cellId(cell);

    Double lat = null;
    Double lon = null;
    if (p.hasGps() && part(nulls, 3) >= NO_GPS_FIX) {
      double[] position = position(ts, k, cell);
      lat = position[0];
      lon = position[1];
    }
    Integer battery = p.hasBattery() && part(nulls, 4) >= NULL_BATTERY ? batteryMv(ts, k) : null;

    Defect defect = defect(k);
    if (defect != null) {
      switch (defect) {
        case RSSI_POSITIVE -> rssi = 5;
        case BATTERY_TOO_HIGH -> battery = 20_000;
        case LAT_OUT_OF_RANGE -> lat = 123.4567;
        case RSRQ_POSITIVE -> rsrq = 7.5;
      }
    }
    return new Reading(
        p.id(),
        Instant.ofEpochSecond(ts),
        rssi,
        snr,
        rsrp,
        rsrq,
        cellId,
        lat,
        lon,
        battery,
        Instant.ofEpochSecond(wakes.visibleAt(ts)),
        defect);
  }

  private Defect defect(long k) {
    if (badReadingRate <= 0) return null;
    long h = Hash.of(p.key(), Salt.BAD_READING, k);
    if (Hash.unit(h) >= badReadingRate) return null;
    Defect[] all = Defect.values();
    return all[Hash.below(Hash.mix(h), all.length)];
  }

  /**
   * Which of the device's cells serves it at {@code ts}: drawn anew for each segment of a few
   * hours, half of the time its usual cell 0.
   */
  private int cellAt(long ts) {
    long segment = Math.floorDiv(ts - p.cellPhaseS(), p.cellSegmentS());
    long h = Hash.of(p.key(), Salt.CELL_SEGMENT, segment);
    return Hash.unit(h) < 0.5 ? 0 : Hash.below(Hash.mix(h), p.cellCount());
  }

  private String cellId(int cell) {
    // An E-UTRAN cell identity: 28 bits.
    return Long.toString(Hash.of(p.key(), Salt.CELL_ID, cell) >>> 36);
  }

  /** Near home: where the serving cell is, plus a slow wander and a GPS jitter. */
  private double[] position(long ts, long k, int cell) {
    if (p.model().gps == DeviceModel.Gps.FIXED) {
      return new double[] {round6(p.homeLat()), round6(p.homeLon())};
    }
    double roam = p.model() == DeviceModel.TRACKER ? 0.02 : 0.002;
    double lat =
        p.homeLat()
            + roam * Hash.signed(Hash.of(p.key(), Salt.CELL_OFFSET, cell, 1))
            + 0.003 * valueNoise(p.key(), Salt.POSITION, ts / 7_200.0)
            + 0.0002 * Hash.signed(Hash.of(p.key(), Salt.POSITION, k, 0));
    double lon =
        p.homeLon()
            + roam * Hash.signed(Hash.of(p.key(), Salt.CELL_OFFSET, cell, 2))
            + 0.003 * valueNoise(p.key() + 1, Salt.POSITION, ts / 7_200.0)
            + 0.0002 * Hash.signed(Hash.of(p.key(), Salt.POSITION, k, 1));
    return new double[] {round6(lat), round6(lon)};
  }

  /** A sawtooth: quick recharge, then a slow drain over the rest of the cycle. */
  private int batteryMv(long ts, long k) {
    double cycle =
        Math.floorMod(ts - p.batteryPhaseS(), p.batteryCycleS()) / (double) p.batteryCycleS();
    double range = p.batteryFullMv() - p.batteryEmptyMv();
    double level =
        cycle < RECHARGE_SHARE
            ? p.batteryEmptyMv() + range * cycle / RECHARGE_SHARE
            : p.batteryFullMv() - range * (cycle - RECHARGE_SHARE) / (1 - RECHARGE_SHARE);
    return (int) Math.round(level + 8 * Hash.signed(Hash.of(p.key(), Salt.BATTERY_NOISE, k)));
  }

  /** Smooth noise in [-1, 1]: random values at integer x, eased in between. */
  private static double valueNoise(long key, Salt salt, double x) {
    long i = (long) Math.floor(x);
    double f = x - i;
    double ease = f * f * (3 - 2 * f);
    double a = Hash.signed(Hash.of(key, salt, i));
    double b = Hash.signed(Hash.of(key, salt, i + 1));
    return a + (b - a) * ease;
  }

  /** An independent uniform number from one hash: the n-th 12-bit slice. */
  private static double part(long h, int n) {
    return ((Hash.mix(h + n) >>> 11) & 0xFFF) / 4096.0;
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static double round1(double v) {
    return Math.rint(v * 10) / 10 + 0.0; // + 0.0 turns -0.0 into 0.0
  }

  private static double round6(double v) {
    return Math.rint(v * 1e6) / 1e6;
  }
}
