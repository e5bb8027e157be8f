package io.devicetrail.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValidatorTest {

  private static final Instant FETCHED = Instant.parse("2026-11-26T10:20:00Z");

  private static SignalReading reading() {
    return new SignalReading(
        "dev-1",
        "acme",
        FETCHED.minusSeconds(600),
        -80,
        5.0,
        -100.0,
        -10.0,
        "c1",
        52.0,
        13.0,
        3600,
        FETCHED);
  }

  @Test
  void aTypicalReadingIsValid() {
    assertThat(Validator.check(reading())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "d",
        "dev-000001",
        "a.b_c:d-E9",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
      })
  void deviceIdsOfTheContractAlphabetAreAccepted(String id) {
    assertThat(Validator.isValidDeviceId(id)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "dev 1",
        "dev/1",
        "dév",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "dev;drop"
      })
  void otherDeviceIdsAreRejected(String id) {
    assertThat(Validator.isValidDeviceId(id)).isFalse();
    SignalReading r = reading();
    SignalReading bad =
        new SignalReading(
            id,
            r.tenantId(),
            r.ts(),
            r.rssiDbm(),
            r.snrDb(),
            r.rsrpDbm(),
            r.rsrqDb(),
            r.cellId(),
            r.lat(),
            r.lon(),
            r.batteryMv(),
            r.fetchedAt());
    assertThat(rule(Validator.check(bad))).isEqualTo(Rule.DEVICE_ID);
  }

  @ParameterizedTest(name = "{0}={1} -> {2}")
  @CsvSource({
    "rssi, -150, ok",
    "rssi, 0, ok",
    "rssi, -150.01, rssi_dbm.range",
    "rssi, 0.5, rssi_dbm.range",
    "snr, -40, ok",
    "snr, 60, ok",
    "snr, 60.1, snr_db.range",
    "snr, -41, snr_db.range",
    "rsrp, -160, ok",
    "rsrp, -30, ok",
    "rsrp, -29, rsrp_dbm.range",
    "rsrp, -161, rsrp_dbm.range",
    "rsrq, -40, ok",
    "rsrq, 0, ok",
    "rsrq, 1, rsrq_db.range",
    "lat, -90, ok",
    "lat, 90, ok",
    "lat, 90.5, lat.range",
    "lon, -180, ok",
    "lon, 180, ok",
    "lon, -180.1, lon.range",
    "battery, 0, ok",
    "battery, 10000, ok",
    "battery, 10001, battery_mv.range",
    "battery, -1, battery_mv.range",
  })
  void rangesAreInclusiveAtTheContractBounds(String field, double value, String expected) {
    SignalReading r = reading();
    SignalReading v =
        new SignalReading(
            r.deviceId(),
            r.tenantId(),
            r.ts(),
            field.equals("rssi") ? value : r.rssiDbm(),
            field.equals("snr") ? value : r.snrDb(),
            field.equals("rsrp") ? value : r.rsrpDbm(),
            field.equals("rsrq") ? value : r.rsrqDb(),
            r.cellId(),
            field.equals("lat") ? value : r.lat(),
            field.equals("lon") ? value : r.lon(),
            field.equals("battery") ? (int) value : r.batteryMv(),
            r.fetchedAt());
    Optional<Violation> violation = Validator.check(v);
    if (expected.equals("ok")) {
      assertThat(violation).isEmpty();
    } else {
      assertThat(violation).map(x -> x.rule().code()).contains(expected);
    }
  }

  @Test
  void nanIsOutOfRange() {
    SignalReading r = reading();
    SignalReading v =
        new SignalReading(
            r.deviceId(),
            r.tenantId(),
            r.ts(),
            Double.NaN,
            r.snrDb(),
            r.rsrpDbm(),
            r.rsrqDb(),
            r.cellId(),
            r.lat(),
            r.lon(),
            r.batteryMv(),
            r.fetchedAt());
    assertThat(rule(Validator.check(v))).isEqualTo(Rule.RSSI_RANGE);
  }

  @Test
  void timestampsMayLeadFetchedAtByTenMinutesAtMost() {
    assertThat(Validator.check(at(FETCHED.plus(Duration.ofMinutes(10))))).isEmpty();
    assertThat(rule(Validator.check(at(FETCHED.plus(Duration.ofMinutes(10)).plusSeconds(1)))))
        .isEqualTo(Rule.TS_FUTURE);
  }

  @Test
  void timestampsMayTrailFetchedAtBy400DaysAtMost() {
    assertThat(Validator.check(at(FETCHED.minus(Duration.ofDays(400))))).isEmpty();
    assertThat(rule(Validator.check(at(FETCHED.minus(Duration.ofDays(400)).minusSeconds(1)))))
        .isEqualTo(Rule.TS_TOO_OLD);
  }

  @Test
  void activityTypesAreUpperCaseWordsAndOutcomesAreFixed() {
    DeviceActivity ok =
        new DeviceActivity("dev-1", "acme", "e1", FETCHED, "SELF_TEST", "PENDING", null, FETCHED);
    assertThat(Validator.check(ok)).isEmpty();
    assertThat(
            rule(
                Validator.check(
                    new DeviceActivity(
                        "dev-1", "acme", "e1", FETCHED, "connect", "OK", null, FETCHED))))
        .isEqualTo(Rule.ACTIVITY_TYPE);
    assertThat(
            rule(
                Validator.check(
                    new DeviceActivity(
                        "dev-1", "acme", "e1", FETCHED, "CONNECT", "MAYBE", null, FETCHED))))
        .isEqualTo(Rule.ACTIVITY_OUTCOME);
  }

  @Test
  void identitiesWithControlCharactersAreRejected() {
    DeviceSnapshot d =
        new DeviceSnapshot("dev-1", "acme\u0000", "m", "f", 1, null, null, FETCHED, FETCHED);
    assertThat(rule(Validator.check(d))).isEqualTo(Rule.TENANT_ID);
    DeviceActivity a =
        new DeviceActivity("dev-1", "acme", "e\u00001", FETCHED, "CONNECT", "OK", null, FETCHED);
    assertThat(rule(Validator.check(a))).isEqualTo(Rule.EVENT_ID);
  }

  @Test
  void blankTenantIsRejected() {
    DeviceSnapshot d = new DeviceSnapshot("dev-1", " ", "m", "f", 1, null, null, FETCHED, FETCHED);
    assertThat(rule(Validator.check(d))).isEqualTo(Rule.TENANT_ID);
  }

  private static SignalReading at(Instant ts) {
    SignalReading r = reading();
    return new SignalReading(
        r.deviceId(),
        r.tenantId(),
        ts,
        r.rssiDbm(),
        r.snrDb(),
        r.rsrpDbm(),
        r.rsrqDb(),
        r.cellId(),
        r.lat(),
        r.lon(),
        r.batteryMv(),
        r.fetchedAt());
  }

  private static Rule rule(Optional<Violation> v) {
    return v.map(Violation::rule).orElse(null);
  }
}
