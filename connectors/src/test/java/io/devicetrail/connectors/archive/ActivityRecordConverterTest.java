package io.devicetrail.connectors.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.events.DeviceActivity;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class ActivityRecordConverterTest {

  private final ActivityRecordConverter converter = ActivityRecordConverter.INSTANCE;

  @Test
  void hasOneSnakeCaseColumnPerContractFieldInOrder() {
    assertThat(converter.schema().getFields())
        .extracting(Schema.Field::name)
        .containsExactly(
            "device_id", "tenant_id", "event_id", "ts", "type", "outcome", "detail", "fetched_at");
  }

  @Test
  void writesEveryFieldToItsColumnWithDetailAsJsonText() {
    GenericRecord record = converter.toRecord(full());

    assertThat(record.get("device_id")).isEqualTo("dev-1");
    assertThat(record.get("tenant_id")).isEqualTo("tenant-a");
    assertThat(record.get("event_id")).isEqualTo("evt-42");
    assertThat(record.get("ts")).isEqualTo(1_764_151_500_000_001L);
    assertThat(record.get("type")).isEqualTo("FIRMWARE_UPDATE");
    assertThat(record.get("outcome")).isEqualTo("FAILED");
    assertThat(record.get("detail")).isEqualTo("{\"from\":\"1.2\",\"to\":\"1.3\"}");
    assertThat(record.get("fetched_at")).isEqualTo(1_764_151_800_000_000L);
  }

  @Test
  void roundTripsEveryField() {
    assertThat(converter.fromRecord(converter.toRecord(full()))).isEqualTo(full());
  }

  @Test
  void roundTripsAMissingDetailAsNull() {
    DeviceActivity noDetail =
        new DeviceActivity(
            "dev-1",
            "tenant-a",
            "evt-1",
            Instant.parse("2025-11-26T10:05:00Z"),
            "REBOOT",
            "OK",
            null,
            Instant.parse("2025-11-26T10:10:00Z"));

    assertThat(converter.toRecord(noDetail).get("detail")).isNull();
    assertThat(converter.fromRecord(converter.toRecord(noDetail))).isEqualTo(noDetail);
  }

  private static DeviceActivity full() {
    return new DeviceActivity(
        "dev-1",
        "tenant-a",
        "evt-42",
        Instant.parse("2025-11-26T10:05:00.000001Z"),
        "FIRMWARE_UPDATE",
        "FAILED",
        "{\"from\":\"1.2\",\"to\":\"1.3\"}",
        Instant.parse("2025-11-26T10:10:00Z"));
  }
}
