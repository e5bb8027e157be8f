package io.devicetrail.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Checks that a JSON object of the API says exactly what a ground-truth value says. */
final class Wire {

  private Wire() {}

  static void assertSameReading(JsonNode json, Reading r) {
    String where = r.deviceId() + " @ " + r.ts();
    assertThat(fieldNames(json))
        .as(where)
        .containsExactly(
            "ts",
            "rssi_dbm",
            "snr_db",
            "rsrp_dbm",
            "rsrq_db",
            "cell_id",
            "lat",
            "lon",
            "battery_mv");
    assertThat(json.get("ts").textValue()).as(where).isEqualTo(r.ts().toString());
    assertThat(json.get("rssi_dbm").isNumber()).as(where).isTrue();
    assertThat(json.get("rssi_dbm").doubleValue()).as(where).isEqualTo(r.rssiDbm());
    assertNumber(json.get("snr_db"), r.snrDb(), where);
    assertNumber(json.get("rsrp_dbm"), r.rsrpDbm(), where);
    assertNumber(json.get("rsrq_db"), r.rsrqDb(), where);
    assertNumber(json.get("lat"), r.lat(), where);
    assertNumber(json.get("lon"), r.lon(), where);
    if (r.cellId() == null) assertThat(json.get("cell_id").isNull()).as(where).isTrue();
    else assertThat(json.get("cell_id").textValue()).as(where).isEqualTo(r.cellId());
    if (r.batteryMv() == null) assertThat(json.get("battery_mv").isNull()).as(where).isTrue();
    else {
      assertThat(json.get("battery_mv").isIntegralNumber()).as(where).isTrue();
      assertThat(json.get("battery_mv").intValue()).as(where).isEqualTo(r.batteryMv());
    }
  }

  static void assertSameActivity(JsonNode json, Activity a) {
    assertThat(fieldNames(json))
        .as(a.eventId())
        .containsExactly("event_id", "ts", "type", "outcome", "detail");
    assertThat(json.get("event_id").textValue()).isEqualTo(a.eventId());
    assertThat(json.get("ts").textValue()).isEqualTo(a.ts().toString());
    assertThat(json.get("type").textValue()).isEqualTo(a.type());
    assertThat(json.get("outcome").textValue()).isEqualTo(a.outcome());
    if (a.detail() == null) {
      assertThat(json.get("detail").isNull()).as(a.eventId()).isTrue();
    } else {
      assertThat(json.get("detail").isObject()).as(a.eventId()).isTrue();
      Map<?, ?> detail = ApiClient.JSON.convertValue(json.get("detail"), Map.class);
      assertThat(detail).as(a.eventId()).isEqualTo(a.detail());
    }
  }

  static void assertSameDevice(JsonNode json, DeviceInfo d) {
    assertThat(fieldNames(json))
        .as(d.deviceId())
        .containsExactly(
            "device_id",
            "tenant_id",
            "model",
            "firmware",
            "config_version",
            "reporting_interval_s",
            "site",
            "updated_at");
    assertThat(json.get("device_id").textValue()).isEqualTo(d.deviceId());
    assertThat(json.get("tenant_id").textValue()).isEqualTo(d.tenantId());
    assertThat(json.get("model").textValue()).isEqualTo(d.model());
    assertThat(json.get("firmware").textValue()).isEqualTo(d.firmware());
    assertThat(json.get("config_version").isInt()).isTrue();
    assertThat(json.get("config_version").intValue()).isEqualTo(d.configVersion());
    if (d.reportingIntervalS() == null) {
      assertThat(json.get("reporting_interval_s").isNull()).isTrue();
    } else {
      assertThat(json.get("reporting_interval_s").intValue()).isEqualTo(d.reportingIntervalS());
    }
    if (d.site() == null) assertThat(json.get("site").isNull()).isTrue();
    else assertThat(json.get("site").textValue()).isEqualTo(d.site());
    assertThat(json.get("updated_at").textValue()).isEqualTo(d.updatedAt().toString());
  }

  private static void assertNumber(JsonNode json, Double expected, String where) {
    if (expected == null) {
      assertThat(json.isNull()).as(where).isTrue();
    } else {
      assertThat(json.isNumber()).as(where).isTrue();
      assertThat(json.doubleValue()).as(where).isEqualTo(expected);
    }
  }

  private static java.util.List<String> fieldNames(JsonNode json) {
    java.util.List<String> names = new java.util.ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
