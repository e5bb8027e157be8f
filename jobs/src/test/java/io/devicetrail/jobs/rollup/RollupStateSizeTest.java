package io.devicetrail.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.events.SignalReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * Measures the checkpointed keyed state per device for 5-minute devices at the default 7-day
 * horizon, at its peak (just before a UTC midnight, when 8 days of readings are held).
 */
class RollupStateSizeTest {

  private static final Instant DAY0 = Instant.parse("2026-11-02T00:00:00Z");
  private static final int DEVICES = 20;
  private static final int DAYS = 10;
  private static final long BUDGET_BYTES = 32 * 1024;

  @Test
  void fiveMinuteDeviceStaysWithin32KilobytesOfStateAtTheDefaultHorizon() throws Exception {
    Random rnd = new Random(7);
    long peak = peakStateBytesPerDevice(() -> -60 - rnd.nextInt(50));
    System.out.printf("rollup state per 5-minute device, whole-dB rssi: peak %d bytes%n", peak);
    assertThat(peak).isLessThanOrEqualTo(BUDGET_BYTES);
  }

  @Test
  void arbitraryRssiValuesStayExactAndWithinTheBudgetToo() throws Exception {
    Random rnd = new Random(8);
    long peak = peakStateBytesPerDevice(() -> -60 - rnd.nextDouble() * 50);
    System.out.printf(
        "rollup state per 5-minute device, arbitrary-double rssi: peak %d bytes%n", peak);
    assertThat(peak).isLessThanOrEqualTo(BUDGET_BYTES);
  }

  /**
   * Hourly uploads of 5-minute readings for {@link #DAYS} days; the largest snapshot per device.
   */
  private static long peakStateBytesPerDevice(DoubleSupplier rssi) throws Exception {
    String[] cells = {"262-01-1234-5678901", "262-01-1234-5678902", "262-01-1234-5678903"};
    Random rnd = new Random(1);
    long peak = 0;
    try (RollupHarness h = new RollupHarness(RollupOptions.defaults(), DAY0)) {
      for (int hour = 0; hour < DAYS * 24; hour++) {
        Instant from = DAY0.plus(Duration.ofHours(hour));
        Instant at = from.plus(Duration.ofHours(1)).plusSeconds(30);
        List<SignalReading> upload = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
          for (int i = 0; i < 12; i++) {
            Instant ts = from.plus(Duration.ofMinutes(5L * i));
            upload.add(
                new SignalReading(
                    String.format("device-%05d", d),
                    "tenant-0001",
                    ts,
                    rssi.getAsDouble(),
                    rnd.nextInt(5) == 0 ? null : -5 + rnd.nextDouble() * 30,
                    -100.0,
                    -10.0,
                    cells[(hour / 5 + i / 6) % cells.length],
                    52.5,
                    13.4,
                    3000 + rnd.nextInt(1000),
                    at));
          }
        }
        h.upload(at, upload);
        if (hour % 24 == 23 && hour >= 7 * 24) {
          peak = Math.max(peak, RollupStateSize.keyedStateBytes(h.snapshot(hour)) / DEVICES);
        }
      }
    }
    return peak;
  }
}
