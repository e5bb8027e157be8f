package io.devicetrail.connectors.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns every Kafka record into a {@link RawRecord} and never throws, whatever the payload: an
 * exception here would fail and restart the job on the same record forever. Validation is the next
 * operator's job, which sends what it rejects to the dead-letter topic.
 *
 * <p>Tombstones (null values) are emitted too, so that nothing read is silently dropped.
 */
public final class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {

  private static final long serialVersionUID = 1L;

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
    out.collect(toRawRecord(record));
  }

  /** The conversion itself, separate from the collector so that tests can call it directly. */
  public static RawRecord toRawRecord(ConsumerRecord<byte[], byte[]> record) {
    byte[] key = record.key();
    // Decoding with String's constructor replaces invalid UTF-8 instead of throwing.
    return new RawRecord(
        record.topic(),
        record.partition(),
        record.offset(),
        key == null ? null : new String(key, StandardCharsets.UTF_8),
        record.value(),
        record.timestamp());
  }

  @Override
  public TypeInformation<RawRecord> getProducedType() {
    return TypeInformation.of(RawRecord.class);
  }
}
