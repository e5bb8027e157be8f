package io.devicetrail.maintenance.reconcile;

import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.SignalReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A small simulated fleet for the reconcile tests: devices sampling every 10 or 15 minutes on a
 * grid over whole UTC days, some whose vendor does not know the interval, some sleeping and
 * uploading 6 hours at once, a few missed samples, a few readings uploaded hours late (revising
 * their buckets in the stream), and duplicates, in the order the poller would publish them.
 */
final class TestFleet {

  record Device(
      String id, String tenant, int samplingS, Integer vendorIntervalS, boolean sleeper) {}

  final List<Device> devices = new ArrayList<>();

  /** Every reading in publishing order, duplicates included. */
  final List<SignalReading> published = new ArrayList<>();

  private final Random random;

  TestFleet(int count, Instant first, Instant end, long seed) {
    random = new Random(seed);
    for (int i = 0; i < count; i++) {
      int kind = i % 5;
      int sampling = kind == 1 ? 900 : 600;
      Integer vendor = kind == 4 ? null : sampling; // one in five: the vendor does not know it
      devices.add(
          new Device(
              String.format("dev-%04d", i), "tenant-" + (i % 3), sampling, vendor, i % 4 == 0));
    }
    for (Device d : devices) {
      published.addAll(readingsOf(d, first, end));
    }
    published.sort(Comparator.comparing(SignalReading::fetchedAt));
  }

  List<DeviceSnapshot> snapshots(Instant updatedAt) {
    List<DeviceSnapshot> snapshots = new ArrayList<>();
    for (Device d : devices) {
      snapshots.add(
          new DeviceSnapshot(
              d.id(),
              d.tenant(),
              "tracker",
              "1.0",
              1,
              d.vendorIntervalS(),
              null,
              updatedAt,
              updatedAt));
    }
    return snapshots;
  }

  /** Distinct (device_id, ts) published. */
  long distinctReadings() {
    return published.stream().map(r -> r.deviceId() + "@" + r.ts()).distinct().count();
  }

  private List<SignalReading> readingsOf(Device d, Instant first, Instant end) {
    List<SignalReading> onTime = new ArrayList<>();
    List<SignalReading> late = new ArrayList<>();
    double rssi = -90 + random.nextInt(20);
    int cell = random.nextInt(4);
    int battery = 3600;
    Instant lastTs = end.minusSeconds(d.samplingS());
    for (Instant ts = first; ts.isBefore(end); ts = ts.plusSeconds(d.samplingS())) {
      boolean last = ts.equals(lastTs);
      if (!last && random.nextInt(100) < 2) {
        continue; // a missed sample
      }
      rssi = Math.max(-140, Math.min(-40, rssi + (random.nextInt(11) - 5) * 0.5));
      if (random.nextInt(30) == 0) {
        cell = (cell + 1) % 4;
      }
      battery -= random.nextInt(3);
      Instant fetchedAt =
          d.sleeper()
              ? uploadAfter(ts, Duration.ofHours(6)).plusSeconds(17)
              : ts.plusSeconds(20 + random.nextInt(40));
      SignalReading r =
          new SignalReading(
              d.id(),
              d.tenant(),
              ts,
              rssi,
              random.nextInt(10) == 0 ? null : Math.round(random.nextDouble() * 300) / 10.0,
              rssi - 20,
              -10.0,
              random.nextInt(20) == 0 ? null : "cell-" + d.id() + "-" + cell,
              52.5,
              13.4,
              d.sleeper() ? battery : null,
              fetchedAt);
      if (!last && random.nextInt(200) == 0) {
        late.add(r); // uploaded 5 hours late, after newer readings
      } else {
        onTime.add(r);
        if (random.nextInt(100) == 0) {
          onTime.add(refetched(r, fetchedAt.plusSeconds(60))); // a duplicate
        }
      }
    }
    for (SignalReading r : late) {
      Instant fetchedAt = r.fetchedAt().plus(Duration.ofHours(5));
      // After every reading the device uploaded before it: keeps the device's uploads in order.
      Instant after =
          onTime.stream()
              .map(SignalReading::fetchedAt)
              .filter(f -> !f.isAfter(fetchedAt))
              .max(Comparator.naturalOrder())
              .orElse(fetchedAt);
      onTime.add(refetched(r, after.plusMillis(1)));
    }
    onTime.sort(Comparator.comparing(SignalReading::fetchedAt));
    return onTime;
  }

  /** A sleeper uploads at every multiple of the period: the next one after ts. */
  private static Instant uploadAfter(Instant ts, Duration period) {
    long p = period.toSeconds();
    return Instant.ofEpochSecond((ts.getEpochSecond() / p + 1) * p);
  }

  static SignalReading refetched(SignalReading r, Instant fetchedAt) {
    return new SignalReading(
        r.deviceId(),
        r.tenantId(),
        r.ts(),
        r.rssiDbm(),
        r.snrDb(),
        r.rsrpDbm(),
        r.rsrqDb(),
        r.cellId(),
        r.lat(),
        r.lon(),
        r.batteryMv(),
        fetchedAt);
  }
}
