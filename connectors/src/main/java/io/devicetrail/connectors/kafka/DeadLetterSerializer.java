package io.devicetrail.connectors.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.devicetrail.events.DeadLetter;
import io.devicetrail.events.EventCodec;
import io.devicetrail.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes dead letters to {@code devicetrail.deadletter.v1} (CONTRACT §2): value = {@link
 * EventCodec#encode(DeadLetter)}, record timestamp = the dead letter's {@code at}.
 *
 * <p>Key = the {@code device_id} found in the rejected payload when the payload is a JSON object
 * with a textual {@code device_id} (so one device's rejects stay in order on one partition), else
 * no key. A dead letter has no device id field of its own; a payload too broken to name its device
 * simply gets a null key.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

  private static final long serialVersionUID = 1L;

  /** Longer keys are not device ids (CONTRACT §2 caps them at 128 characters). */
  private static final int MAX_DEVICE_ID_LENGTH = 128;

  private final String topic;

  /** Writes to {@link Topics#DEADLETTER}. */
  public DeadLetterSerializer() {
    this(Topics.DEADLETTER);
  }

  public DeadLetterSerializer(String topic) {
    this.topic = Objects.requireNonNull(topic, "topic cannot be null");
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      DeadLetter deadLetter, KafkaSinkContext context, Long timestamp) {
    String deviceId = deviceIdOf(deadLetter.payload());
    return new ProducerRecord<>(
        topic,
        null,
        deadLetter.at() == null ? timestamp : Long.valueOf(deadLetter.at().toEpochMilli()),
        deviceId == null ? null : deviceId.getBytes(StandardCharsets.UTF_8),
        EventCodec.encode(deadLetter));
  }

  /** The payload's {@code device_id} if it is a JSON object naming one, else null. */
  static String deviceIdOf(String payload) {
    if (payload == null || payload.isEmpty()) {
      return null;
    }
    return EventCodec.parse(payload.getBytes(StandardCharsets.UTF_8))
        .map(node -> node.get("device_id"))
        .filter(JsonNode::isTextual)
        .map(JsonNode::textValue)
        .filter(id -> !id.isEmpty() && id.length() <= MAX_DEVICE_ID_LENGTH)
        .orElse(null);
  }
}
