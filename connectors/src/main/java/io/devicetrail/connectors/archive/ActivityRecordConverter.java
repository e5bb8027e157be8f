package io.devicetrail.connectors.archive;

import static io.devicetrail.connectors.archive.AvroValues.micros;
import static io.devicetrail.connectors.archive.AvroValues.requiredInstant;
import static io.devicetrail.connectors.archive.AvroValues.requiredString;
import static io.devicetrail.connectors.archive.AvroValues.string;

import io.devicetrail.events.DeviceActivity;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** {@link DeviceActivity} ⇄ a row of {@link ArchiveSchemas#ACTIVITY}. */
public enum ActivityRecordConverter implements ArchiveRecordConverter<DeviceActivity> {
  INSTANCE;

  @Override
  public String kind() {
    return "activity";
  }

  @Override
  public Schema schema() {
    return ArchiveSchemas.ACTIVITY;
  }

  @Override
  public GenericRecord toRecord(DeviceActivity a) {
    GenericData.Record record = new GenericData.Record(ArchiveSchemas.ACTIVITY);
    record.put("device_id", a.deviceId());
    record.put("tenant_id", a.tenantId());
    record.put("event_id", a.eventId());
    record.put("ts", micros(a.ts()));
    record.put("type", a.type());
    record.put("outcome", a.outcome());
    record.put("detail", a.detailJson());
    record.put("fetched_at", micros(a.fetchedAt()));
    return record;
  }

  @Override
  public DeviceActivity fromRecord(GenericRecord record) {
    return new DeviceActivity(
        requiredString(record, "device_id"),
        requiredString(record, "tenant_id"),
        requiredString(record, "event_id"),
        requiredInstant(record, "ts"),
        requiredString(record, "type"),
        requiredString(record, "outcome"),
        string(record, "detail"),
        requiredInstant(record, "fetched_at"));
  }

  @Override
  public Instant eventTime(DeviceActivity a) {
    return a.ts();
  }
}
