package io.devicetrail.connectors.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.events.SignalReading;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class SignalRecordConverterTest {

  private final SignalRecordConverter converter = SignalRecordConverter.INSTANCE;

  @Test
  void hasOneSnakeCaseColumnPerContractFieldInOrder() {
    assertThat(converter.schema().getFields())
        .extracting(Schema.Field::name)
        .containsExactly(
            "device_id",
            "tenant_id",
            "ts",
            "rssi_dbm",
            "snr_db",
            "rsrp_dbm",
            "rsrq_db",
            "cell_id",
            "lat",
            "lon",
            "battery_mv",
            "fetched_at");
  }

  @Test
  void writesEveryFieldToItsColumn() {
    SignalReading reading = full();

    GenericRecord record = converter.toRecord(reading);

    assertThat(record.get("device_id")).isEqualTo("dev-1");
    assertThat(record.get("tenant_id")).isEqualTo("tenant-a");
    assertThat(record.get("ts")).isEqualTo(1_764_151_500_123_456L);
    assertThat(record.get("rssi_dbm")).isEqualTo(-97.5);
    assertThat(record.get("snr_db")).isEqualTo(12.25);
    assertThat(record.get("rsrp_dbm")).isEqualTo(-101.0);
    assertThat(record.get("rsrq_db")).isEqualTo(-11.5);
    assertThat(record.get("cell_id")).isEqualTo("26201-1234");
    assertThat(record.get("lat")).isEqualTo(52.52);
    assertThat(record.get("lon")).isEqualTo(13.405);
    assertThat(record.get("battery_mv")).isEqualTo(3612);
    assertThat(record.get("fetched_at")).isEqualTo(1_764_151_800_000_000L);
  }

  @Test
  void roundTripsEveryFieldWithMicrosecondTimestamps() {
    SignalReading reading = full();

    assertThat(converter.fromRecord(converter.toRecord(reading))).isEqualTo(reading);
  }

  @Test
  void roundTripsAbsentOptionalFieldsAsNulls() {
    SignalReading reading =
        new SignalReading(
            "dev-2",
            "tenant-b",
            Instant.parse("2026-11-26T00:00:00Z"),
            -150.0,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Instant.parse("2026-11-26T00:00:01Z"));

    GenericRecord record = converter.toRecord(reading);

    assertThat(record.get("snr_db")).isNull();
    assertThat(record.get("battery_mv")).isNull();
    assertThat(converter.fromRecord(record)).isEqualTo(reading);
  }

  @Test
  void readsAvroUtf8StringsAsJavaStrings() {
    GenericRecord record = converter.toRecord(full());
    record.put("device_id", new Utf8("dev-1"));
    record.put("cell_id", new Utf8("26201-1234"));

    assertThat(converter.fromRecord(record)).isEqualTo(full());
  }

  @Test
  void usesTheReadingTimeAsEventTime() {
    assertThat(converter.eventTime(full())).isEqualTo(full().ts());
  }

  static SignalReading full() {
    return new SignalReading(
        "dev-1",
        "tenant-a",
        Instant.parse("2025-11-26T10:05:00.123456Z"),
        -97.5,
        12.25,
        -101.0,
        -11.5,
        "26201-1234",
        52.52,
        13.405,
        3612,
        Instant.parse("2025-11-26T10:10:00Z"));
  }
}
