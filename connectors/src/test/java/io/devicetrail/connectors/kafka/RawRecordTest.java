package io.devicetrail.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.events.DeadLetter;
import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.SignalReading;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RawRecordTest {

  @ParameterizedTest
  @ValueSource(
      classes = {RawRecord.class, SignalReading.class, DeviceActivity.class, DeadLetter.class})
  void recordsOnTheWireAreFlinkPojosNotKryo(Class<?> type) {
    TypeInformation<?> info = TypeInformation.of(type);

    assertThat(info).isInstanceOf(PojoTypeInfo.class).isNotInstanceOf(GenericTypeInfo.class);
  }

  @Test
  void pojoSerializerRoundTripsEveryFieldIncludingNulls() throws IOException {
    RawRecord full =
        new RawRecord(
            "devicetrail.signal.v1", 3, 42L, "dev-1", "{}".getBytes(StandardCharsets.UTF_8), 7L);
    RawRecord tombstoneWithoutKey = new RawRecord("devicetrail.device.v1", 0, 0L, null, null, -1L);

    assertThat(roundTrip(full)).isEqualTo(full);
    assertThat(roundTrip(tombstoneWithoutKey)).isEqualTo(tombstoneWithoutKey);
  }

  @Test
  void equalityComparesPayloadContentNotArrayIdentity() {
    RawRecord a = new RawRecord("t", 0, 1L, "k", new byte[] {1, 2}, 5L);
    RawRecord b = new RawRecord("t", 0, 1L, "k", new byte[] {1, 2}, 5L);
    RawRecord otherPayload = new RawRecord("t", 0, 1L, "k", new byte[] {1, 3}, 5L);

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(otherPayload);
  }

  private static RawRecord roundTrip(RawRecord record) throws IOException {
    TypeSerializer<RawRecord> serializer =
        TypeInformation.of(RawRecord.class).createSerializer(new SerializerConfigImpl());
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(record, out);
    return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }
}
