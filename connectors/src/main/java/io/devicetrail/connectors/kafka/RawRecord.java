package io.devicetrail.connectors.kafka;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Kafka record exactly as it was read, before any parsing. Parsing happens downstream so that a
 * malformed payload becomes a dead letter carrying its coordinates, never a failed job.
 *
 * <p>A Java record, so Flink serializes it with its POJO serializer (no Kryo). {@code key} is the
 * record key decoded as UTF-8 (the contract keys every topic by {@code device_id}), or null when
 * the record has none; {@code value} is null for a tombstone. {@code timestamp} is the Kafka record
 * timestamp in epoch milliseconds.
 */
public record RawRecord(
    String topic, int partition, long offset, String key, byte[] value, long timestamp) {

  /** Compares the payload by content: a record's generated equals would compare array identity. */
  @Override
  public boolean equals(Object o) {
    return o instanceof RawRecord r
        && partition == r.partition
        && offset == r.offset
        && timestamp == r.timestamp
        && Objects.equals(topic, r.topic)
        && Objects.equals(key, r.key)
        && Arrays.equals(value, r.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, partition, offset, key, timestamp) * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "RawRecord["
        + topic
        + "-"
        + partition
        + "@"
        + offset
        + ", key="
        + key
        + ", "
        + (value == null ? "no value" : value.length + " bytes")
        + "]";
  }
}
