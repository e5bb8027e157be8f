package io.devicetrail.bench.job;

import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.SignalReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fleet of 5-minute devices that upload once an hour, with values of the shape real cellular
 * modems report: whole-dB RSSI drifting around a per-device level, SNR with one decimal (missing
 * now and then), RSRP/RSRQ, two or three cells per device, a fixed position, a slowly draining
 * battery. Deterministic: the same device and hour always give the same upload, so the job run, the
 * baselines and the state measurement see the same rows without holding them in memory.
 */
final class SimulatedFleet {

  static final int READINGS_PER_HOUR = 12;
  static final int INTERVAL_S = 300;
  static final int TENANTS = 20;

  private final int devices;
  private final long firstHourEpochS;
  private final long seed;

  /**
   * @param devices number of devices ({@code dev-000000}…)
   * @param firstHour the UTC hour of every device's first reading
   */
  SimulatedFleet(int devices, Instant firstHour, long seed) {
    if (devices < 1) {
      throw new IllegalArgumentException("devices must be positive, got " + devices);
    }
    if (firstHour.getEpochSecond() % 3600 != 0) {
      throw new IllegalArgumentException("firstHour must be a whole UTC hour, got " + firstHour);
    }
    this.devices = devices;
    this.firstHourEpochS = firstHour.getEpochSecond();
    this.seed = seed;
  }

  int devices() {
    return devices;
  }

  static String deviceId(int device) {
    return String.format("dev-%06d", device);
  }

  static String tenantId(int device) {
    return String.format("tenant-%02d", device % TENANTS);
  }

  /** The vendor's view of the device: a 5-minute reporting interval. */
  DeviceSnapshot snapshot(int device, Instant fetchedAt) {
    return new DeviceSnapshot(
        deviceId(device),
        tenantId(device),
        "TRK-" + (100 + device % 7),
        "4." + device % 3 + ".1",
        1,
        INTERVAL_S,
        "site-" + device % 50,
        Instant.ofEpochSecond(firstHourEpochS - 86_400),
        fetchedAt);
  }

  /**
   * The 12 readings device {@code device} took in hour {@code hour} (0 = the first hour), uploaded
   * together shortly after the hour ended.
   */
  List<SignalReading> upload(int device, int hour) {
    Profile p = profile(device);
    SplittableRandom rnd = new SplittableRandom(mix(seed, device, hour));
    long hourStart = firstHourEpochS + 3600L * hour;
    Instant fetchedAt = Instant.ofEpochSecond(hourStart + 3600 + p.uploadDelayS + rnd.nextInt(20));
    List<SignalReading> readings = new ArrayList<>(READINGS_PER_HOUR);
    double level = p.rssiLevel + 4 * Math.sin((hour + device % 24) * Math.PI / 12);
    for (int i = 0; i < READINGS_PER_HOUR; i++) {
      long ts = hourStart + p.phaseS + (long) INTERVAL_S * i;
      double rssi = Math.max(-125, Math.min(-45, Math.rint(level + rnd.nextInt(-4, 5))));
      Double snr = rnd.nextInt(10) == 0 ? null : Math.rint(rnd.nextDouble(-3, 22) * 10) / 10;
      double rsrp = Math.max(-140, rssi - 20 - rnd.nextInt(0, 6));
      double rsrq = -3 - rnd.nextInt(0, 12) * 0.5;
      String cell = p.cells[(int) ((hour * READINGS_PER_HOUR + i) / 40 % p.cells.length)];
      double lat = p.lat + rnd.nextInt(-2, 3) * 1e-5;
      double lon = p.lon + rnd.nextInt(-2, 3) * 1e-5;
      Integer battery = Math.max(3000, p.batteryMv - hour * 2 - rnd.nextInt(0, 3));
      readings.add(
          new SignalReading(
              deviceId(device),
              tenantId(device),
              Instant.ofEpochSecond(ts),
              rssi,
              snr,
              rsrp,
              rsrq,
              cell,
              lat,
              lon,
              battery,
              fetchedAt));
    }
    return readings;
  }

  private Profile profile(int device) {
    SplittableRandom rnd = new SplittableRandom(mix(seed, device, -1));
    String[] cells = new String[2 + rnd.nextInt(2)];
    int site = rnd.nextInt(1, 60_000);
    for (int c = 0; c < cells.length; c++) {
      cells[c] = "262-01-" + (1000 + site % 9000) + "-" + (site * 10 + c);
    }
    return new Profile(
        -70 - rnd.nextInt(0, 35),
        rnd.nextInt(INTERVAL_S),
        rnd.nextInt(5, 120),
        cells,
        47 + rnd.nextDouble(8),
        6 + rnd.nextDouble(9),
        3600 + rnd.nextInt(500));
  }

  private static long mix(long seed, int device, int hour) {
    long h = seed * 0x9E3779B97F4A7C15L + device * 0xC2B2AE3D27D4EB4FL + hour * 0x165667B19E3779F9L;
    return h ^ (h >>> 31);
  }

  private record Profile(
      int rssiLevel,
      int phaseS,
      int uploadDelayS,
      String[] cells,
      double lat,
      double lon,
      int batteryMv) {}
}
