package io.devicetrail.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RawRecordDeserializerTest {

  private final RawRecordDeserializer deserializer = new RawRecordDeserializer();

  static Stream<byte[]> payloads() {
    Random random = new Random(7);
    byte[] noise = new byte[4096];
    random.nextBytes(noise);
    return Stream.of(
        null,
        new byte[0],
        "{\"schema\":\"signal.v1\",\"device_id\":\"d-1\"}".getBytes(StandardCharsets.UTF_8),
        "{\"schema\":".getBytes(StandardCharsets.UTF_8),
        "[1,2,3]".getBytes(StandardCharsets.UTF_8),
        new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0},
        noise,
        "x".repeat(2_000_000).getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @MethodSource("payloads")
  void emitsExactlyOneRawRecordForAnyPayloadWithoutThrowing(byte[] payload) {
    List<RawRecord> out = new ArrayList<>();

    assertThatNoException()
        .isThrownBy(
            () ->
                deserializer.deserialize(
                    record("devicetrail.signal.v1", 2, 17L, "dev-1".getBytes(), payload),
                    new ListCollector<>(out)));

    assertThat(out).hasSize(1);
    RawRecord raw = out.get(0);
    assertThat(raw.topic()).isEqualTo("devicetrail.signal.v1");
    assertThat(raw.partition()).isEqualTo(2);
    assertThat(raw.offset()).isEqualTo(17L);
    assertThat(raw.key()).isEqualTo("dev-1");
    assertThat(raw.value()).isEqualTo(payload);
    assertThat(raw.timestamp()).isEqualTo(1_764_151_500_000L);
  }

  @Test
  void keepsAMissingKeyAsNull() {
    RawRecord raw = RawRecordDeserializer.toRawRecord(record("t", 0, 0L, null, "{}".getBytes()));

    assertThat(raw.key()).isNull();
  }

  @Test
  void decodesAKeyThatIsNotUtf8WithReplacementCharactersInsteadOfFailing() {
    RawRecord raw =
        RawRecordDeserializer.toRawRecord(
            record("t", 0, 0L, new byte[] {'d', (byte) 0xFF, '1'}, "{}".getBytes()));

    assertThat(raw.key()).isEqualTo("d\uFFFD1");
  }

  @Test
  void producesAPojoTypeSoFlinkNeverFallsBackToKryo() {
    assertThat(deserializer.getProducedType()).isInstanceOf(PojoTypeInfo.class);
  }

  private static ConsumerRecord<byte[], byte[]> record(
      String topic, int partition, long offset, byte[] key, byte[] value) {
    return new ConsumerRecord<>(
        topic,
        partition,
        offset,
        1_764_151_500_000L,
        TimestampType.CREATE_TIME,
        key == null ? -1 : key.length,
        value == null ? -1 : value.length,
        key,
        value,
        new RecordHeaders(),
        Optional.empty());
  }
}
