package io.devicetrail.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Writes the response bodies of the vendor API (CONTRACT §1) with Jackson's streaming writer. */
final class ApiJson {

  private static final JsonFactory FACTORY = new JsonFactory();

  private ApiJson() {}

  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  static byte[] devices(List<DeviceInfo> devices, String nextCursor) {
    return object(
        g -> {
          g.writeArrayFieldStart("devices");
          for (DeviceInfo d : devices) {
            g.writeStartObject();
            g.writeStringField("device_id", d.deviceId());
            g.writeStringField("tenant_id", d.tenantId());
            g.writeStringField("model", d.model());
            g.writeStringField("firmware", d.firmware());
            g.writeNumberField("config_version", d.configVersion());
            g.writeFieldName("reporting_interval_s");
            if (d.reportingIntervalS() == null) g.writeNull();
            else g.writeNumber(d.reportingIntervalS());
            g.writeStringField("site", d.site());
            g.writeStringField("updated_at", time(d.updatedAt()));
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeStringField("next_cursor", nextCursor);
        });
  }

  static byte[] signal(String deviceId, Page<Reading> page) {
    return object(
        g -> {
          g.writeStringField("device_id", deviceId);
          g.writeArrayFieldStart("readings");
          for (Reading r : page.items()) {
            g.writeStartObject();
            g.writeStringField("ts", time(r.ts()));
            g.writeFieldName("rssi_dbm");
            number(g, r.rssiDbm());
            nullableNumber(g, "snr_db", r.snrDb());
            nullableNumber(g, "rsrp_dbm", r.rsrpDbm());
            nullableNumber(g, "rsrq_db", r.rsrqDb());
            g.writeStringField("cell_id", r.cellId());
            nullableNumber(g, "lat", r.lat());
            nullableNumber(g, "lon", r.lon());
            g.writeFieldName("battery_mv");
            if (r.batteryMv() == null) g.writeNull();
            else g.writeNumber(r.batteryMv());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeBooleanField("has_more", page.hasMore());
        });
  }

  static byte[] activity(String deviceId, Page<Activity> page) {
    return object(
        g -> {
          g.writeStringField("device_id", deviceId);
          g.writeArrayFieldStart("events");
          for (Activity a : page.items()) {
            g.writeStartObject();
            g.writeStringField("event_id", a.eventId());
            g.writeStringField("ts", time(a.ts()));
            g.writeStringField("type", a.type());
            g.writeStringField("outcome", a.outcome());
            g.writeFieldName("detail");
            detail(g, a.detail());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeBooleanField("has_more", page.hasMore());
        });
  }

  static byte[] error(String error, String message) {
    return object(
        g -> {
          g.writeStringField("error", error);
          g.writeStringField("message", message);
        });
  }

  /** RFC 3339 UTC with 'Z'; every simulated time is a whole second, so no fraction is written. */
  static String time(Instant t) {
    return t.toString();
  }

  private static void detail(JsonGenerator g, Map<String, Object> detail) throws IOException {
    if (detail == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    for (Map.Entry<String, Object> e : detail.entrySet()) {
      g.writeFieldName(e.getKey());
      Object v = e.getValue();
      if (v instanceof Integer i) g.writeNumber(i);
      else if (v instanceof Long l) g.writeNumber(l);
      else g.writeString(String.valueOf(v));
    }
    g.writeEndObject();
  }

  private static void nullableNumber(JsonGenerator g, String field, Double value)
      throws IOException {
    g.writeFieldName(field);
    if (value == null) g.writeNull();
    else number(g, value);
  }

  /** Whole numbers without ".0", as a vendor would write dBm values. */
  private static void number(JsonGenerator g, double value) throws IOException {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) g.writeNumber((long) value);
    else g.writeNumber(value);
  }

  private static byte[] object(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      body.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
