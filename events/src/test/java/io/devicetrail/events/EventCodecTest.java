package io.devicetrail.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static byte[] golden(String name) {
    try (InputStream in = EventCodecTest.class.getResourceAsStream("/golden/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void goldenSignalDecodesToEveryField() {
    SignalReading r = EventCodec.decodeSignal(golden("signal.json")).value();

    assertThat(r)
        .isEqualTo(
            new SignalReading(
                "dev-000042",
                "acme",
                Instant.parse("2026-11-26T10:05:00Z"),
                -87.5,
                6.25,
                -101.0,
                -11.5,
                "310-410-0A1B",
                52.52,
                13.405,
                3610,
                Instant.parse("2026-11-26T10:20:13Z")));
  }

  @Test
  void goldenSamplesSurviveARoundTripUnchanged() throws IOException {
    assertRoundTrip("signal.json", EventCodec.encode(decodeSignal("signal.json")));
    assertRoundTrip("signal-nulls.json", EventCodec.encode(decodeSignal("signal-nulls.json")));
    assertRoundTrip(
        "activity.json",
        EventCodec.encode(EventCodec.decodeActivity(golden("activity.json")).value()));
    assertRoundTrip(
        "device.json", EventCodec.encode(EventCodec.decodeSnapshot(golden("device.json")).value()));
    assertRoundTrip(
        "deadletter.json",
        EventCodec.encode(EventCodec.decodeDeadLetter(golden("deadletter.json"))));
  }

  @Test
  void nullableFieldsStayNull() {
    SignalReading r = decodeSignal("signal-nulls.json");
    assertThat(r.snrDb()).isNull();
    assertThat(r.cellId()).isNull();
    assertThat(r.batteryMv()).isNull();
    assertThat(r.rssiDbm()).isEqualTo(-120.0);
  }

  @Test
  void activityDetailIsKeptAsJsonText() {
    DeviceActivity a = EventCodec.decodeActivity(golden("activity.json")).value();
    assertThat(a.detailJson()).isEqualTo("{\"config_version\":8,\"changed\":[\"interval\"]}");
    assertThat(a.type()).isEqualTo("CONFIG_UPDATE");
  }

  @Test
  void malformedJsonIsRejectedWithItsRule() {
    for (String bad : new String[] {"{\"schema\":", "not json", "[1,2]", "", "{} {}", "null"}) {
      Decoded<SignalReading> d = EventCodec.decodeSignal(bad.getBytes(StandardCharsets.UTF_8));
      assertThat(d.isValid()).as(bad).isFalse();
      assertThat(d.violation().rule()).as(bad).isEqualTo(Rule.MALFORMED_JSON);
    }
    assertThat(EventCodec.decodeSignal((byte[]) null).violation().rule())
        .isEqualTo(Rule.MALFORMED_JSON);
  }

  @Test
  void wrongSchemaIsRejected() {
    Decoded<SignalReading> d = EventCodec.decodeSignal(golden("activity.json"));
    assertThat(d.violation().rule()).isEqualTo(Rule.SCHEMA);
    assertThat(d.violation().reason()).contains("expected \"signal.v1\"");
  }

  @Test
  void missingRssiIsRejected() {
    Decoded<SignalReading> d = EventCodec.decodeSignal(withField("signal.json", "rssi_dbm", null));
    assertThat(d.violation().rule()).isEqualTo(Rule.MISSING_FIELD);
    assertThat(d.violation().detail()).isEqualTo("rssi_dbm is required");
  }

  @Test
  void numbersAreNeverReadFromStrings() {
    Decoded<SignalReading> d =
        EventCodec.decodeSignal(withField("signal.json", "rssi_dbm", "\"-80\""));
    assertThat(d.violation().rule()).isEqualTo(Rule.WRONG_TYPE);
    assertThat(d.violation().detail()).isEqualTo("rssi_dbm must be a number or null, got string");
  }

  @Test
  void batteryMustBeAnInteger() {
    Decoded<SignalReading> d =
        EventCodec.decodeSignal(withField("signal.json", "battery_mv", "3600.5"));
    assertThat(d.violation().rule()).isEqualTo(Rule.WRONG_TYPE);
  }

  @Test
  void timestampsMustBeRfc3339() {
    Decoded<SignalReading> d =
        EventCodec.decodeSignal(withField("signal.json", "ts", "\"26/11/2026 10:05\""));
    assertThat(d.violation().rule()).isEqualTo(Rule.WRONG_TYPE);
    assertThat(d.violation().detail()).contains("is not an RFC 3339 timestamp");
  }

  @Test
  void numericCellIdsAreKeptAsText() {
    SignalReading r =
        EventCodec.decodeSignal(withField("signal.json", "cell_id", "123456789")).value();
    assertThat(r.cellId()).isEqualTo("123456789");
  }

  @Test
  void unknownFieldsAreIgnoredBecauseProducersMayAddFields() {
    assertThat(
            EventCodec.decodeSignal(withField("signal.json", "firmware_hint", "\"x\"")).isValid())
        .isTrue();
  }

  @Test
  void outOfRangeValueIsRejectedByValidation() {
    Decoded<SignalReading> d = EventCodec.decodeSignal(withField("signal.json", "rssi_dbm", "12"));
    assertThat(d.violation().reason()).isEqualTo("rssi_dbm.range: rssi_dbm=12.0 outside [-150, 0]");
  }

  static SignalReading decodeSignal(String name) {
    return EventCodec.decodeSignal(golden(name)).value();
  }

  /** The golden sample with one field replaced by raw JSON text, or removed when json is null. */
  static byte[] withField(String name, String field, String json) {
    try {
      var node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(golden(name));
      if (json == null) {
        node.remove(field);
      } else {
        node.set(field, JSON.readTree(json));
      }
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertRoundTrip(String name, byte[] encoded) throws IOException {
    JsonNode expected = JSON.readTree(golden(name));
    assertThat(JSON.readTree(encoded)).isEqualTo(expected);
  }
}
