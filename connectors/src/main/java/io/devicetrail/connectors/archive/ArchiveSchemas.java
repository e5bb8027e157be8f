package io.devicetrail.connectors.archive;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * The Avro schemas of the raw archive's Parquet files (CONTRACT §3): one column per event field,
 * named as in the contract's JSON.
 *
 * <p>Timestamps are {@code timestamp-micros}, which parquet-avro writes as {@code INT64
 * TIMESTAMP(MICROS, isAdjustedToUTC=true)}: Athena, Redshift Spectrum and DuckDB read it as a UTC
 * timestamp, and microseconds keep the precision PostgreSQL keeps, so a reading's identity {@code
 * (device_id, ts)} survives a round trip through the archive. Strings are Parquet {@code STRING};
 * {@code detail} is the activity's detail object as JSON text. The partition key ({@code date}) is
 * in the path only, as Hive-style partitioning expects.
 */
public final class ArchiveSchemas {

  private static final String NAMESPACE = "io.devicetrail.archive";

  /** Columns of {@code <prefix>/signal/date=YYYY-MM-DD/*.parquet}. */
  public static final Schema SIGNAL =
      SchemaBuilder.record("signal_reading")
          .namespace(NAMESPACE)
          .doc("One signal reading of one device (devicetrail.signal.v1).")
          .fields()
          .requiredString("device_id")
          .requiredString("tenant_id")
          .name("ts")
          .type(timestampMicros())
          .noDefault()
          .requiredDouble("rssi_dbm")
          .optionalDouble("snr_db")
          .optionalDouble("rsrp_dbm")
          .optionalDouble("rsrq_db")
          .optionalString("cell_id")
          .optionalDouble("lat")
          .optionalDouble("lon")
          .optionalInt("battery_mv")
          .name("fetched_at")
          .type(timestampMicros())
          .noDefault()
          .endRecord();

  /** Columns of {@code <prefix>/activity/date=YYYY-MM-DD/*.parquet}. */
  public static final Schema ACTIVITY =
      SchemaBuilder.record("device_activity")
          .namespace(NAMESPACE)
          .doc("One activity event of one device (devicetrail.activity.v1).")
          .fields()
          .requiredString("device_id")
          .requiredString("tenant_id")
          .requiredString("event_id")
          .name("ts")
          .type(timestampMicros())
          .noDefault()
          .requiredString("type")
          .requiredString("outcome")
          .optionalString("detail")
          .name("fetched_at")
          .type(timestampMicros())
          .noDefault()
          .endRecord();

  private ArchiveSchemas() {}

  private static Schema timestampMicros() {
    return LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
  }
}
