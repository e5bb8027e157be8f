package io.devicetrail.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The strict JSON codec of the Kafka values in CONTRACT §2.
 *
 * <p>Strict means: the {@code schema} field must name the expected schema, required fields must be
 * present and non-null, every field must have its JSON type (a number is never read from a string),
 * timestamps must be RFC 3339, and the validity rules of {@link Validator} must hold. Unknown
 * fields are ignored, because the contract lets producers add fields. Decoding never throws on bad
 * input: it returns a {@link Decoded} naming the broken rule.
 */
public final class EventCodec {

  private static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder()
                  // A payload is one small object; refuse pathological nesting or sizes early.
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(64)
                          .maxStringLength(1 << 20)
                          .build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private EventCodec() {}

  // ---------------------------------------------------------------- decoding

  public static Decoded<SignalReading> decodeSignal(byte[] json) {
    return parse(json).map(EventCodec::decodeSignal).orElseGet(EventCodec::malformed);
  }

  public static Decoded<DeviceActivity> decodeActivity(byte[] json) {
    return parse(json).map(EventCodec::decodeActivity).orElseGet(EventCodec::malformed);
  }

  public static Decoded<DeviceSnapshot> decodeSnapshot(byte[] json) {
    return parse(json).map(EventCodec::decodeSnapshot).orElseGet(EventCodec::malformed);
  }

  /** Decodes and validates a SignalReading from an already parsed object. */
  public static Decoded<SignalReading> decodeSignal(JsonNode node) {
    try {
      Fields f = new Fields(node, SignalReading.SCHEMA);
      SignalReading r =
          new SignalReading(
              f.requiredText("device_id"),
              f.requiredText("tenant_id"),
              f.requiredInstant("ts"),
              f.requiredDouble("rssi_dbm"),
              f.optionalDouble("snr_db"),
              f.optionalDouble("rsrp_dbm"),
              f.optionalDouble("rsrq_db"),
              f.optionalId("cell_id"),
              f.optionalDouble("lat"),
              f.optionalDouble("lon"),
              f.optionalInt("battery_mv"),
              f.requiredInstant("fetched_at"));
      return Validator.check(r)
          .<Decoded<SignalReading>>map(Decoded::invalid)
          .orElse(Decoded.valid(r));
    } catch (FieldException e) {
      return Decoded.invalid(e.violation);
    }
  }

  /** Decodes and validates a DeviceActivity from an already parsed object. */
  public static Decoded<DeviceActivity> decodeActivity(JsonNode node) {
    try {
      Fields f = new Fields(node, DeviceActivity.SCHEMA);
      DeviceActivity a =
          new DeviceActivity(
              f.requiredText("device_id"),
              f.requiredText("tenant_id"),
              f.requiredText("event_id"),
              f.requiredInstant("ts"),
              f.requiredText("type"),
              f.requiredText("outcome"),
              f.optionalObjectAsJson("detail"),
              f.requiredInstant("fetched_at"));
      return Validator.check(a)
          .<Decoded<DeviceActivity>>map(Decoded::invalid)
          .orElse(Decoded.valid(a));
    } catch (FieldException e) {
      return Decoded.invalid(e.violation);
    }
  }

  /** Decodes and validates a DeviceSnapshot from an already parsed object. */
  public static Decoded<DeviceSnapshot> decodeSnapshot(JsonNode node) {
    try {
      Fields f = new Fields(node, DeviceSnapshot.SCHEMA);
      DeviceSnapshot d =
          new DeviceSnapshot(
              f.requiredText("device_id"),
              f.requiredText("tenant_id"),
              f.optionalText("model"),
              f.optionalText("firmware"),
              f.requiredInt("config_version"),
              f.optionalInt("reporting_interval_s"),
              f.optionalText("site"),
              f.requiredInstant("updated_at"),
              f.requiredInstant("fetched_at"));
      return Validator.check(d)
          .<Decoded<DeviceSnapshot>>map(Decoded::invalid)
          .orElse(Decoded.valid(d));
    } catch (FieldException e) {
      return Decoded.invalid(e.violation);
    }
  }

  /**
   * Reads a dead letter back (tests and tools; dead letters are produced, not consumed, by the
   * job).
   */
  public static DeadLetter decodeDeadLetter(byte[] json) {
    try {
      JsonNode n = MAPPER.readTree(json);
      return new DeadLetter(
          n.path("stage").asText(null),
          n.path("rule").asText(null),
          n.path("reason").asText(null),
          n.path("topic").asText(null),
          n.hasNonNull("partition") ? n.get("partition").asInt() : null,
          n.hasNonNull("offset") ? n.get("offset").asLong() : null,
          n.path("payload").asText(null),
          n.hasNonNull("at") ? Instant.parse(n.get("at").asText()) : null);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a dead letter: " + e.getMessage(), e);
    }
  }

  /** Parses a payload into a JSON object, or empty if it is not exactly one JSON object. */
  public static Optional<JsonNode> parse(byte[] json) {
    if (json == null) {
      return Optional.empty();
    }
    try {
      JsonNode node = MAPPER.readTree(json);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** A fresh, mutable JSON object, for callers that assemble a contract object from vendor data. */
  public static ObjectNode newObject() {
    return MAPPER.createObjectNode();
  }

  private static <T> Decoded<T> malformed() {
    return Decoded.invalid(Rule.MALFORMED_JSON, "payload is not a single well-formed JSON object");
  }

  // ---------------------------------------------------------------- encoding

  public static byte[] encode(SignalReading r) {
    return write(
        g -> {
          g.writeStringField("schema", SignalReading.SCHEMA);
          g.writeStringField("device_id", r.deviceId());
          g.writeStringField("tenant_id", r.tenantId());
          g.writeStringField("ts", r.ts().toString());
          g.writeNumberField("rssi_dbm", r.rssiDbm());
          number(g, "snr_db", r.snrDb());
          number(g, "rsrp_dbm", r.rsrpDbm());
          number(g, "rsrq_db", r.rsrqDb());
          g.writeStringField("cell_id", r.cellId());
          number(g, "lat", r.lat());
          number(g, "lon", r.lon());
          integer(g, "battery_mv", r.batteryMv());
          g.writeStringField("fetched_at", r.fetchedAt().toString());
        });
  }

  public static byte[] encode(DeviceActivity a) {
    return write(
        g -> {
          g.writeStringField("schema", DeviceActivity.SCHEMA);
          g.writeStringField("device_id", a.deviceId());
          g.writeStringField("tenant_id", a.tenantId());
          g.writeStringField("event_id", a.eventId());
          g.writeStringField("ts", a.ts().toString());
          g.writeStringField("type", a.type());
          g.writeStringField("outcome", a.outcome());
          g.writeFieldName("detail");
          if (a.detailJson() == null) {
            g.writeNull();
          } else {
            g.writeTree(MAPPER.readTree(a.detailJson()));
          }
          g.writeStringField("fetched_at", a.fetchedAt().toString());
        });
  }

  public static byte[] encode(DeviceSnapshot d) {
    return write(
        g -> {
          g.writeStringField("schema", DeviceSnapshot.SCHEMA);
          g.writeStringField("device_id", d.deviceId());
          g.writeStringField("tenant_id", d.tenantId());
          g.writeStringField("model", d.model());
          g.writeStringField("firmware", d.firmware());
          g.writeNumberField("config_version", d.configVersion());
          integer(g, "reporting_interval_s", d.reportingIntervalS());
          g.writeStringField("site", d.site());
          g.writeStringField("updated_at", d.updatedAt().toString());
          g.writeStringField("fetched_at", d.fetchedAt().toString());
        });
  }

  public static byte[] encode(DeadLetter d) {
    return write(
        g -> {
          g.writeStringField("schema", DeadLetter.SCHEMA);
          g.writeStringField("stage", d.stage());
          g.writeStringField("rule", d.rule());
          g.writeStringField("reason", d.reason());
          g.writeStringField("topic", d.topic());
          integer(g, "partition", d.partition());
          if (d.offset() == null) {
            g.writeNullField("offset");
          } else {
            g.writeNumberField("offset", d.offset());
          }
          g.writeStringField("payload", d.payload());
          g.writeStringField("at", d.at().toString());
        });
  }

  /** Payload bytes as text for a dead letter: invalid UTF-8 is replaced, never an error. */
  public static String payloadText(byte[] payload) {
    return payload == null ? null : new String(payload, StandardCharsets.UTF_8);
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(384);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      body.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void number(JsonGenerator g, String name, Double value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, value);
    }
  }

  private static void integer(JsonGenerator g, String name, Integer value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, value);
    }
  }

  // ---------------------------------------------------------------- field access

  private static final class FieldException extends Exception {
    final Violation violation;

    FieldException(Rule rule, String detail) {
      super(detail, null, false, false);
      this.violation = new Violation(rule, detail);
    }
  }

  /** Typed, strict access to the fields of one JSON object. */
  private static final class Fields {
    private final JsonNode node;

    Fields(JsonNode node, String schema) throws FieldException {
      if (node == null || !node.isObject()) {
        throw new FieldException(Rule.MALFORMED_JSON, "payload is not a JSON object");
      }
      this.node = node;
      JsonNode s = node.get("schema");
      if (s == null || !s.isTextual() || !schema.equals(s.textValue())) {
        throw new FieldException(
            Rule.SCHEMA,
            "schema is "
                + (s == null ? "missing" : s.toString())
                + ", expected \""
                + schema
                + "\"");
      }
    }

    String requiredText(String name) throws FieldException {
      JsonNode v = required(name);
      if (!v.isTextual()) {
        throw wrongType(name, "a string", v);
      }
      return v.textValue();
    }

    String optionalText(String name) throws FieldException {
      JsonNode v = node.get(name);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isTextual()) {
        throw wrongType(name, "a string or null", v);
      }
      return v.textValue();
    }

    /** An identifier that vendors send either as a string or as an integer; kept as text. */
    String optionalId(String name) throws FieldException {
      JsonNode v = node.get(name);
      if (v == null || v.isNull()) {
        return null;
      }
      if (v.isTextual()) {
        return v.textValue();
      }
      if (v.isIntegralNumber()) {
        return v.bigIntegerValue().toString();
      }
      throw wrongType(name, "a string, an integer or null", v);
    }

    Instant requiredInstant(String name) throws FieldException {
      String text = requiredText(name);
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new FieldException(
            Rule.WRONG_TYPE, name + " '" + Validator.clip(text) + "' is not an RFC 3339 timestamp");
      }
    }

    double requiredDouble(String name) throws FieldException {
      Double d = optionalDouble(name);
      if (d == null) {
        throw missing(name);
      }
      return d;
    }

    Double optionalDouble(String name) throws FieldException {
      JsonNode v = node.get(name);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isNumber()) {
        throw wrongType(name, "a number or null", v);
      }
      return v.doubleValue();
    }

    int requiredInt(String name) throws FieldException {
      Integer i = optionalInt(name);
      if (i == null) {
        throw missing(name);
      }
      return i;
    }

    Integer optionalInt(String name) throws FieldException {
      JsonNode v = node.get(name);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isNumber() || !v.canConvertToExactIntegral() || !v.canConvertToInt()) {
        throw wrongType(name, "an integer or null", v);
      }
      return v.intValue();
    }

    String optionalObjectAsJson(String name) throws FieldException {
      JsonNode v = node.get(name);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isObject()) {
        throw wrongType(name, "an object or null", v);
      }
      try {
        return MAPPER.writeValueAsString(v);
      } catch (JsonProcessingException e) {
        throw new FieldException(Rule.WRONG_TYPE, name + " cannot be written back as JSON");
      }
    }

    private JsonNode required(String name) throws FieldException {
      JsonNode v = node.get(name);
      if (v == null || v.isNull()) {
        throw missing(name);
      }
      return v;
    }

    private static FieldException missing(String name) {
      return new FieldException(Rule.MISSING_FIELD, name + " is required");
    }

    private static FieldException wrongType(String name, String expected, JsonNode actual) {
      return new FieldException(
          Rule.WRONG_TYPE,
          name + " must be " + expected + ", got " + actual.getNodeType().name().toLowerCase());
    }
  }
}
