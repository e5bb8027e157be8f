package io.devicetrail.connectors.archive;

import java.io.Serializable;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Converts one kind of event to and from the archive's Avro records, and names what the archive
 * needs to place it: the kind's folder and the event time that picks the date partition.
 *
 * @param <T> the event type
 */
public interface ArchiveRecordConverter<T> extends Serializable {

  /** The folder of this kind under the archive base path, for example {@code signal}. */
  String kind();

  /** The Avro schema of the Parquet files. */
  Schema schema();

  GenericRecord toRecord(T event);

  T fromRecord(GenericRecord record);

  /** The event time; its UTC date is the event's partition. */
  Instant eventTime(T event);
}
