package io.devicetrail.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.events.SignalReading;
import java.time.Instant;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class RollupStateSerializersTest {

  private static final Instant HOUR = Instant.parse("2026-11-02T10:00:00Z");

  private static SignalReading reading(Instant ts, double rssi, Double snr, Integer battery) {
    return new SignalReading("d", "t", ts, rssi, snr, null, null, null, null, null, battery, ts);
  }

  @Test
  void hourBucketReadsBackBitIdenticalWhateverItsValues() throws Exception {
    HourBucket hour = new HourBucket(HourBucket.hourIndexOf(HOUR.toEpochMilli()));
    hour.add(reading(HOUR.plusMillis(1_234), -0.0, 1.5, null), 0);
    hour.add(reading(HOUR.plusSeconds(600), -87.3, null, 3600), 2);
    hour.add(reading(HOUR.plusSeconds(300), -91.123456789, 7.25, 3550), 1);
    hour.add(reading(HOUR.plusSeconds(3599).plusMillis(999), -150, null, null), 1);
    hour.row.addReading(0);
    hour.row.markWritten(false);
    hour.row.addReading(42);

    HourBucket back = roundTrip(hour);

    assertThat(back.hourIndex).isEqualTo(hour.hourIndex);
    assertThat(back.size).isEqualTo(4);
    for (int i = 0; i < 4; i++) {
      assertThat(back.tsMs(i)).isEqualTo(hour.tsMs(i));
      assertThat(Double.doubleToLongBits(back.rssi[i]))
          .isEqualTo(Double.doubleToLongBits(hour.rssi[i]));
      assertThat(back.cells[i]).isEqualTo(hour.cells[i]);
    }
    assertThat(back.snrSum).isEqualTo(hour.snrSum);
    assertThat(back.snrCount).isEqualTo(2);
    assertThat(back.batteryMinMv).isEqualTo(3550);
    assertThat(back.row).usingRecursiveComparison().isEqualTo(hour.row);
    assertThat(back.row.lateReadings).isEqualTo(1);
    assertThat(back.row.maxLatenessS).isEqualTo(42);
  }

  @Test
  void regularWholeDbHourCostsAboutThreeBytesAReading() {
    HourBucket hour = new HourBucket(HourBucket.hourIndexOf(HOUR.toEpochMilli()));
    for (int i = 0; i < 12; i++) {
      hour.add(reading(HOUR.plusSeconds(300L * i), -80 - i % 4, 10.0, 3700), 1);
    }
    assertThat(HourBucketSerializer.INSTANCE.serializedSize(hour)).isLessThan(12 * 3 + 24);
  }

  @Test
  void deviceStateReadsBackWithHoursDaysCellsAndCadence() throws Exception {
    DeviceState s = new DeviceState();
    s.tenantId = "tenant";
    s.vendorIntervalS = 300;
    s.newestTsMs = HOUR.toEpochMilli();
    s.lastArrivalMs = HOUR.toEpochMilli() + 5_000;
    s.timerAtMs = HOUR.toEpochMilli() + 900_000;
    s.hours.add(493_000);
    s.hours.add(493_010);
    s.dirtyHours.add(493_010);
    s.day(20_541).row.addReading(3);
    s.cells.numberOf("262-01-1", 493_000);
    s.cells.numberOf("262-01-2", 493_010);
    for (int i = 1; i <= 20; i++) {
      s.cadence.onNewestReading(i * 300_000L, (i - 1) * 300_000L, i * 3_600_000L, 10_000);
    }

    DeviceState back = roundTrip(s);

    assertThat(back).usingRecursiveComparison().isEqualTo(s);
    assertThat(back.cadence.learnedIntervalS).isEqualTo(300);
    assertThat(back.cadence.learnedUploadGapS).isEqualTo(3600);
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    CompactSerializer<T> serializer =
        (CompactSerializer<T>)
            (value instanceof HourBucket
                ? HourBucketSerializer.INSTANCE
                : DeviceStateSerializer.INSTANCE);
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(value, out);
    T back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    assertThat(serializer.copy(value)).usingRecursiveComparison().isEqualTo(back);
    return back;
  }
}
