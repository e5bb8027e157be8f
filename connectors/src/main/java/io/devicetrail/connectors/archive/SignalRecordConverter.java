package io.devicetrail.connectors.archive;

import static io.devicetrail.connectors.archive.AvroValues.micros;
import static io.devicetrail.connectors.archive.AvroValues.optionalDouble;
import static io.devicetrail.connectors.archive.AvroValues.optionalInt;
import static io.devicetrail.connectors.archive.AvroValues.requiredDouble;
import static io.devicetrail.connectors.archive.AvroValues.requiredInstant;
import static io.devicetrail.connectors.archive.AvroValues.requiredString;
import static io.devicetrail.connectors.archive.AvroValues.string;

import io.devicetrail.events.SignalReading;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** {@link SignalReading} ⇄ a row of {@link ArchiveSchemas#SIGNAL}. */
public enum SignalRecordConverter implements ArchiveRecordConverter<SignalReading> {
  INSTANCE;

  @Override
  public String kind() {
    return "signal";
  }

  @Override
  public Schema schema() {
    return ArchiveSchemas.SIGNAL;
  }

  @Override
  public GenericRecord toRecord(SignalReading r) {
    GenericData.Record record = new GenericData.Record(ArchiveSchemas.SIGNAL);
    record.put("device_id", r.deviceId());
    record.put("tenant_id", r.tenantId());
    record.put("ts", micros(r.ts()));
    record.put("rssi_dbm", r.rssiDbm());
    record.put("snr_db", r.snrDb());
    record.put("rsrp_dbm", r.rsrpDbm());
    record.put("rsrq_db", r.rsrqDb());
    record.put("cell_id", r.cellId());
    record.put("lat", r.lat());
    record.put("lon", r.lon());
    record.put("battery_mv", r.batteryMv());
    record.put("fetched_at", micros(r.fetchedAt()));
    return record;
  }

  @Override
  public SignalReading fromRecord(GenericRecord record) {
    return new SignalReading(
        requiredString(record, "device_id"),
        requiredString(record, "tenant_id"),
        requiredInstant(record, "ts"),
        requiredDouble(record, "rssi_dbm"),
        optionalDouble(record, "snr_db"),
        optionalDouble(record, "rsrp_dbm"),
        optionalDouble(record, "rsrq_db"),
        string(record, "cell_id"),
        optionalDouble(record, "lat"),
        optionalDouble(record, "lon"),
        optionalInt(record, "battery_mv"),
        requiredInstant(record, "fetched_at"));
  }

  @Override
  public Instant eventTime(SignalReading r) {
    return r.ts();
  }
}
