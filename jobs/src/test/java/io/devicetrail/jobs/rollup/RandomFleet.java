package io.devicetrail.jobs.rollup;

import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.SignalReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Randomized device histories for property-style tests, from a fixed seed: sampling intervals of
 * 5–60 minutes with missed samples and power-off periods, uploads from always-connected to once a
 * day, duplicates, readings held back to a later upload, null snr / battery / cell, cell changes,
 * rssi as whole numbers, tenths or arbitrary doubles, and one fleet-wide poller outage.
 */
final class RandomFleet {

  /** One device's constants. */
  record Device(
      String id,
      String tenant,
      int intervalS,
      boolean vendorKnown,
      long uploadEveryS,
      int rssiStyle) {}

  /** The poller publishing some readings at {@code at}. */
  record Delivery(Instant at, String deviceId, List<SignalReading> readings) {}

  private static final long[] UPLOAD_EVERY_S = {
    0, 1800, 3600, 3 * 3600, 6 * 3600, 13 * 3600, 86400
  };

  final List<Device> devices = new ArrayList<>();
  final List<SignalReading> taken = new ArrayList<>();
  final List<Delivery> deliveries = new ArrayList<>();
  final Instant start;
  final Instant end;

  RandomFleet(
      long seed,
      int deviceCount,
      Instant start,
      Duration length,
      Duration outageAt,
      Duration outageLength) {
    this.start = start;
    this.end = start.plus(length);
    Random rnd = new Random(seed);
    Instant outageStart = start.plus(outageAt);
    Instant outageEnd = outageStart.plus(outageLength);
    for (int d = 0; d < deviceCount; d++) {
      Device device =
          new Device(
              String.format("dev-%03d", d),
              "tenant-" + (d % 3),
              60 * (5 + rnd.nextInt(56)),
              rnd.nextBoolean(),
              UPLOAD_EVERY_S[rnd.nextInt(UPLOAD_EVERY_S.length)],
              rnd.nextInt(10));
      devices.add(device);
      List<SignalReading> history = history(device, rnd);
      taken.addAll(history);
      deliver(device, history, rnd, outageStart, outageEnd);
    }
    deliveries.sort(Comparator.comparing(Delivery::at));
  }

  List<DeviceSnapshot> snapshots() {
    List<DeviceSnapshot> out = new ArrayList<>();
    for (Device d : devices) {
      out.add(
          new DeviceSnapshot(
              d.id(),
              d.tenant(),
              "m",
              "1",
              1,
              d.vendorKnown() ? d.intervalS() : null,
              null,
              start,
              start));
    }
    return out;
  }

  private List<SignalReading> history(Device device, Random rnd) {
    List<SignalReading> readings = new ArrayList<>();
    long phaseS = rnd.nextInt(device.intervalS());
    Instant offFrom = null;
    Instant offTo = null;
    if (rnd.nextInt(10) == 0) {
      offFrom = start.plus(Duration.ofMinutes(rnd.nextInt(3 * 24 * 60)));
      offTo = offFrom.plus(Duration.ofMinutes(120 + rnd.nextInt(480)));
    }
    String[] cells = {"310-1", "310-2", "310-3", "311-7"};
    int cell = rnd.nextInt(cells.length);
    for (Instant ts = start.plusSeconds(phaseS);
        ts.isBefore(end);
        ts = ts.plusSeconds(device.intervalS())) {
      if (rnd.nextInt(100) < 4
          || (offFrom != null && !ts.isBefore(offFrom) && ts.isBefore(offTo))) {
        continue;
      }
      if (rnd.nextInt(100) < 15) {
        cell = rnd.nextInt(cells.length);
      }
      readings.add(
          new SignalReading(
              device.id(),
              device.tenant(),
              ts,
              rssi(device, rnd),
              rnd.nextInt(5) == 0 ? null : rnd.nextDouble() * 35 - 5,
              null,
              null,
              rnd.nextInt(10) == 0 ? null : cells[cell],
              null,
              null,
              rnd.nextInt(10) < 3 ? null : 3000 + rnd.nextInt(1200),
              null));
    }
    return readings;
  }

  private static double rssi(Device device, Random rnd) {
    int whole = -110 + rnd.nextInt(61);
    return switch (device.rssiStyle()) {
      case 0 -> whole + rnd.nextDouble(); // arbitrary doubles: the serializer's fallback
      case 1, 2 -> whole + rnd.nextInt(10) / 10.0; // tenths
      default -> whole;
    };
  }

  /**
   * Delivers the history: at each upload, everything taken up to it that is not delivered yet,
   * except ~3% held back to the next upload (arriving out of ts order) and ~5% sent twice. Uploads
   * during the outage reach the poller only at its end, all at once (the catch-up).
   */
  private void deliver(
      Device device,
      List<SignalReading> history,
      Random rnd,
      Instant outageStart,
      Instant outageEnd) {
    long everyS = device.uploadEveryS() == 0 ? device.intervalS() : device.uploadEveryS();
    Instant upload = start.plusSeconds(rnd.nextInt((int) Math.min(everyS, 86400)) + 30);
    Instant catchUpAt = outageEnd.plusSeconds(5 + rnd.nextInt(60));
    int next = 0;
    List<SignalReading> heldBack = new ArrayList<>();
    List<SignalReading> resend = new ArrayList<>();
    List<SignalReading> duringOutage = new ArrayList<>();
    Instant last = end.plus(Duration.ofHours(2));
    while (!upload.isAfter(last)) {
      Instant at = upload.plusSeconds(rnd.nextInt(60));
      boolean inOutage = !at.isBefore(outageStart) && at.isBefore(catchUpAt);
      if (!inOutage && !duringOutage.isEmpty()) {
        deliveries.add(new Delivery(catchUpAt, device.id(), stamp(duringOutage, catchUpAt)));
        duringOutage = new ArrayList<>();
      }
      List<SignalReading> batch = inOutage ? duringOutage : new ArrayList<>();
      batch.addAll(resend);
      resend.clear();
      batch.addAll(heldBack);
      heldBack.clear();
      while (next < history.size() && !history.get(next).ts().isAfter(upload.minusSeconds(30))) {
        SignalReading r = history.get(next++);
        int dice = rnd.nextInt(100);
        if (dice < 3) {
          heldBack.add(r);
        } else {
          batch.add(r);
          if (dice < 8) {
            (rnd.nextBoolean() ? batch : resend).add(r);
          }
        }
      }
      if (!inOutage && !batch.isEmpty()) {
        deliveries.add(new Delivery(at, device.id(), stamp(batch, at)));
      }
      upload = upload.plusSeconds(everyS);
    }
    List<SignalReading> rest = new ArrayList<>(duringOutage);
    rest.addAll(resend);
    rest.addAll(heldBack);
    rest.addAll(history.subList(next, history.size()));
    if (!rest.isEmpty()) {
      Instant at = last.plusSeconds(60);
      deliveries.add(new Delivery(at, device.id(), stamp(rest, at)));
    }
  }

  private static List<SignalReading> stamp(List<SignalReading> batch, Instant fetchedAt) {
    List<SignalReading> out = new ArrayList<>(batch.size());
    for (SignalReading r : batch) {
      out.add(
          new SignalReading(
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
              fetchedAt));
    }
    return out;
  }
}
