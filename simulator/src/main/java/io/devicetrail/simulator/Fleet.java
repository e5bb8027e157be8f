package io.devicetrail.simulator;

import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The simulated fleet and its ground truth. Holds only the configuration: every device, reading and
 * event is computed on demand from (seed, device index, time), so a fleet of a million devices
 * costs no more memory than one of ten. Thread-safe.
 *
 * <p>The HTTP API reads the fleet through the same methods, so what a test learns here is exactly
 * what the API serves. Methods taking a device id throw {@link NoSuchElementException} for an id
 * that is not in the fleet (see {@link #contains}).
 */
public final class Fleet {

  private final long seed;
  private final int size;
  private final List<String> tenants;
  private final long historyStart;
  private final double badReadingRate;
  private final SimClock clock;
  private final DeviceIds ids;
  private final FirmwareReleases releases;
  private final long sleepMinMinutes;
  private final long sleepMaxMinutes;
  private final double siteMoveShare;

  private Fleet(SimulatorConfig config) {
    this.seed = config.seed();
    this.size = config.deviceCount();
    this.tenants = config.tenants();
    this.historyStart = config.historyStart().getEpochSecond();
    this.badReadingRate = config.badReadingRate();
    this.clock = config.clock();
    this.ids = new DeviceIds(size);
    this.releases = new FirmwareReleases(seed);
    this.sleepMinMinutes = config.sleepMin().toMinutes();
    this.sleepMaxMinutes = config.sleepMax().toMinutes();
    this.siteMoveShare = config.siteMoveShare();
  }

  /** The fleet a server with this config serves; needs no server. */
  public static Fleet of(SimulatorConfig config) {
    if (config == null) throw new IllegalArgumentException("config cannot be null");
    return new Fleet(config);
  }

  public int size() {
    return size;
  }

  public SimClock clock() {
    return clock;
  }

  /** No reading or event has an earlier {@code ts}. */
  public Instant historyStart() {
    return Instant.ofEpochSecond(historyStart);
  }

  /** All device ids in device-list order; computed on access, not stored. */
  public List<String> deviceIds() {
    return new AbstractList<>() {
      @Override
      public String get(int index) {
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException(index);
        return ids.idOf(index);
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  public boolean contains(String deviceId) {
    return ids.indexOf(deviceId) >= 0;
  }

  /** The device as the device list shows it now (by the fleet's clock). */
  public DeviceInfo device(String deviceId) {
    return device(deviceId, clock.now());
  }

  /** The device as the device list shows it at {@code at}. */
  public DeviceInfo device(String deviceId, Instant at) {
    return timeline(deviceId).info(at);
  }

  /**
   * Every reading the API serves for the device by {@code visibleAt}, in {@code ts} order,
   * including the deliberately invalid ones (see {@link Reading#defect()}).
   */
  public List<Reading> readingsVisible(String deviceId, Instant visibleAt) {
    return timeline(deviceId).signal(null, Integer.MAX_VALUE, visibleAt).items();
  }

  /**
   * Every activity event the API serves for the device by {@code visibleAt}, in {@code ts} order.
   */
  public List<Activity> activitiesVisible(String deviceId, Instant visibleAt) {
    return timeline(deviceId).activity(null, Integer.MAX_VALUE, visibleAt).items();
  }

  /** What {@code GET /v1/devices/{id}/signal?since=&limit=} answers at {@code visibleAt}. */
  public Page<Reading> signalPage(String deviceId, Instant since, int limit, Instant visibleAt) {
    return timeline(deviceId).signal(since, limit, visibleAt);
  }

  /** What {@code GET /v1/devices/{id}/activity?since=&limit=} answers at {@code visibleAt}. */
  public Page<Activity> activityPage(String deviceId, Instant since, int limit, Instant visibleAt) {
    return timeline(deviceId).activity(since, limit, visibleAt);
  }

  /** Devices {@code from} to {@code from + limit - 1} (in list order) as listed at {@code at}. */
  List<DeviceInfo> devices(int from, int limit, Instant at) {
    int to = (int) Math.min((long) from + limit, size);
    List<DeviceInfo> out = new ArrayList<>(Math.max(0, to - from));
    for (int i = from; i < to; i++) out.add(timeline(i).info(at));
    return out;
  }

  int indexOf(String deviceId) {
    return ids.indexOf(deviceId);
  }

  long seed() {
    return seed;
  }

  private DeviceTimeline timeline(String deviceId) {
    int index = ids.indexOf(deviceId);
    if (index < 0) throw new NoSuchElementException("no device '" + deviceId + "' in this fleet");
    return timeline(index);
  }

  private DeviceTimeline timeline(int index) {
    DeviceProfile profile =
        DeviceProfile.of(
            seed, index, ids.idOf(index), tenants, sleepMinMinutes, sleepMaxMinutes, siteMoveShare);
    return new DeviceTimeline(profile, releases, badReadingRate, historyStart);
  }
}
