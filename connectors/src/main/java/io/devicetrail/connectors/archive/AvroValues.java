package io.devicetrail.connectors.archive;

import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/** Conversions between event field values and the Avro values of the archive's columns. */
final class AvroValues {

  private static final long MICROS_PER_SECOND = 1_000_000L;

  private AvroValues() {}

  /** Epoch microseconds of an instant; digits below a microsecond are dropped. */
  static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND), instant.getNano() / 1000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, MICROS_PER_SECOND), Math.floorMod(micros, MICROS_PER_SECOND) * 1000);
  }

  /**
   * The value of a column, or null when the file has no such column (a file written before the
   * column was added).
   */
  static Object get(GenericRecord record, String column) {
    Schema.Field field = record.getSchema().getField(column);
    return field == null ? null : record.get(field.pos());
  }

  /** Avro reads strings as {@code Utf8}; the events hold {@code String}. */
  static String string(GenericRecord record, String column) {
    Object value = get(record, column);
    return value == null ? null : value.toString();
  }

  static String requiredString(GenericRecord record, String column) {
    return required(string(record, column), column);
  }

  static Double optionalDouble(GenericRecord record, String column) {
    Object value = get(record, column);
    return value == null ? null : ((Number) value).doubleValue();
  }

  static double requiredDouble(GenericRecord record, String column) {
    return required(optionalDouble(record, column), column);
  }

  static Integer optionalInt(GenericRecord record, String column) {
    Object value = get(record, column);
    return value == null ? null : ((Number) value).intValue();
  }

  static Instant requiredInstant(GenericRecord record, String column) {
    Object value = required(get(record, column), column);
    return instant(((Number) value).longValue());
  }

  private static <V> V required(V value, String column) {
    if (value == null) {
      throw new IllegalArgumentException("archive row has no value in required column " + column);
    }
    return value;
  }
}
