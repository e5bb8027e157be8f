package io.devicetrail.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.events.DeadLetter;
import io.devicetrail.events.EventCodec;
import io.devicetrail.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterSerializerTest {

  private static final Instant AT = Instant.parse("2026-11-26T10:05:00.123Z");

  private final DeadLetterSerializer serializer = new DeadLetterSerializer();

  @Test
  void writesTheCodecEncodingToTheDeadLetterTopicStampedWithItsTime() {
    DeadLetter letter =
        new DeadLetter(
            "job",
            "rssi_dbm.range",
            "rssi_dbm 12 is outside [-150, 0]",
            Topics.SIGNAL,
            4,
            99L,
            "{\"schema\":\"signal.v1\",\"device_id\":\"dev-7\",\"rssi_dbm\":12}",
            AT);

    ProducerRecord<byte[], byte[]> record = serializer.serialize(letter, null, null);

    assertThat(record.topic()).isEqualTo(Topics.DEADLETTER);
    assertThat(record.partition()).isNull();
    assertThat(record.timestamp()).isEqualTo(AT.toEpochMilli());
    assertThat(record.value()).isEqualTo(EventCodec.encode(letter));
    assertThat(EventCodec.decodeDeadLetter(record.value())).isEqualTo(letter);
  }

  @Test
  void keysByTheDeviceIdNamedInTheRejectedPayload() {
    ProducerRecord<byte[], byte[]> record =
        serializer.serialize(
            letterWithPayload("{\"device_id\":\"dev-7\",\"rssi_dbm\":\"x\"}"), null, null);

    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("dev-7");
  }

  @Test
  void leavesTheKeyNullWhenThePayloadNamesNoUsableDevice() {
    assertThat(serializer.serialize(letterWithPayload("{\"device_id\":"), null, null).key())
        .isNull();
    assertThat(serializer.serialize(letterWithPayload("{\"device_id\":42}"), null, null).key())
        .isNull();
    assertThat(serializer.serialize(letterWithPayload("{\"device_id\":\"\"}"), null, null).key())
        .isNull();
    assertThat(serializer.serialize(letterWithPayload("not json"), null, null).key()).isNull();
    assertThat(serializer.serialize(letterWithPayload(null), null, null).key()).isNull();
  }

  @Test
  void writesToAnotherTopicWhenAsked() {
    assertThat(
            new DeadLetterSerializer("other")
                .serialize(letterWithPayload("{}"), null, null)
                .topic())
        .isEqualTo("other");
  }

  private static DeadLetter letterWithPayload(String payload) {
    return new DeadLetter("job", "json.malformed", "bad", Topics.SIGNAL, 0, 1L, payload, AT);
  }
}
