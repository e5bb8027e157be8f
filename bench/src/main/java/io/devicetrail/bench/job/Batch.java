package io.devicetrail.bench.job;

import io.devicetrail.events.SignalReading;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Hours {@code [fromHour, toHour)} of every device's uploads, as the poller would publish them: in
 * upload order (hour by hour, device by device), with a small share of readings that break a
 * validity rule (RSSI above 0 dBm, for the dead-letter topic) and of readings published twice (a
 * retried page). Both are chosen by a hash of (device, hour), so the same batch can be replayed for
 * every consumer without being held in memory.
 */
final class Batch {

  private final SimulatedFleet fleet;
  private final int fromHour;
  private final int toHour;
  private final double invalidRate;
  private final double duplicateRate;

  Batch(SimulatedFleet fleet, int fromHour, int toHour, double invalidRate, double duplicateRate) {
    if (fromHour < 0 || toHour <= fromHour) {
      throw new IllegalArgumentException(
          "hours must be 0 <= from < to, got " + fromHour + ", " + toHour);
    }
    this.fleet = fleet;
    this.fromHour = fromHour;
    this.toHour = toHour;
    this.invalidRate = invalidRate;
    this.duplicateRate = duplicateRate;
  }

  int hours() {
    return toHour - fromHour;
  }

  int devices() {
    return fleet.devices();
  }

  /** What a counted batch contains. */
  record Counts(long published, long valid, long invalid, long duplicates) {}

  Counts counts() {
    long published = 0;
    long invalid = 0;
    long duplicates = 0;
    for (int hour = fromHour; hour < toHour; hour++) {
      for (int d = 0; d < fleet.devices(); d++) {
        Faults f = faults(d, hour);
        published += SimulatedFleet.READINGS_PER_HOUR + (f.duplicate >= 0 ? 1 : 0);
        invalid += f.invalid >= 0 ? 1 : 0;
        duplicates += f.duplicate >= 0 ? 1 : 0;
      }
    }
    long valid = published - invalid - duplicates;
    return new Counts(published, valid, invalid, duplicates);
  }

  /**
   * Devices whose bucket of the batch's last hour stays open when the batch ends: their last
   * reading of the hour was the invalid one, so nothing shows that the hour is over until the next
   * upload (or the inactivity delay).
   */
  long openHoursAtEnd() {
    long open = 0;
    for (int d = 0; d < fleet.devices(); d++) {
      if (faults(d, toHour - 1).invalid == SimulatedFleet.READINGS_PER_HOUR - 1) {
        open++;
      }
    }
    return open;
  }

  /** Every message as published, in publishing order. */
  void forEachPublished(Consumer<SignalReading> action) {
    for (int hour = fromHour; hour < toHour; hour++) {
      for (int d = 0; d < fleet.devices(); d++) {
        List<SignalReading> upload = fleet.upload(d, hour);
        Faults f = faults(d, hour);
        for (int i = 0; i < upload.size(); i++) {
          action.accept(i == f.invalid ? outOfRange(upload.get(i)) : upload.get(i));
        }
        if (f.duplicate >= 0) {
          action.accept(upload.get(f.duplicate));
        }
      }
    }
  }

  /** Every valid reading once: what the job must store. */
  void forEachValid(Consumer<SignalReading> action) {
    for (int hour = fromHour; hour < toHour; hour++) {
      for (int d = 0; d < fleet.devices(); d++) {
        List<SignalReading> upload = fleet.upload(d, hour);
        int invalid = faults(d, hour).invalid;
        for (int i = 0; i < upload.size(); i++) {
          if (i != invalid) {
            action.accept(upload.get(i));
          }
        }
      }
    }
  }

  private Faults faults(int device, int hour) {
    SplittableRandom rnd = new SplittableRandom(device * 1_000_003L + hour * 7919L + 17);
    int invalid =
        rnd.nextDouble() < invalidRate * SimulatedFleet.READINGS_PER_HOUR
            ? rnd.nextInt(SimulatedFleet.READINGS_PER_HOUR)
            : -1;
    int duplicate =
        rnd.nextDouble() < duplicateRate * SimulatedFleet.READINGS_PER_HOUR
            ? rnd.nextInt(SimulatedFleet.READINGS_PER_HOUR)
            : -1;
    return new Faults(invalid, duplicate == invalid ? -1 : duplicate);
  }

  private static SignalReading outOfRange(SignalReading r) {
    return new SignalReading(
        r.deviceId(),
        r.tenantId(),
        r.ts(),
        3.0,
        r.snrDb(),
        r.rsrpDbm(),
        r.rsrqDb(),
        r.cellId(),
        r.lat(),
        r.lon(),
        r.batteryMv(),
        r.fetchedAt());
  }

  private record Faults(int invalid, int duplicate) {}
}
