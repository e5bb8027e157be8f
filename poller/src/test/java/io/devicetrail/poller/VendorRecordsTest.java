package io.devicetrail.poller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devicetrail.events.EventCodec;
import io.devicetrail.events.Rule;
import io.devicetrail.events.SignalReading;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VendorRecordsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Device DEVICE = new Device("dev-1", "acme");
  private static final Instant FETCHED = Instant.parse("2026-11-26T10:10:00Z");

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void aVendorReadingBecomesASignalReadingOfItsDevice() throws Exception {
    EncodedEvent event =
        VendorRecords.event(
            Feed.SIGNAL,
            DEVICE,
            json(
                "{\"ts\":\"2026-11-26T10:05:00Z\",\"rssi_dbm\":-87.5,\"snr_db\":null,"
                    + "\"cell_id\":4711,\"battery_mv\":3600}"),
            FETCHED);

    assertThat(event.isValid()).isTrue();
    SignalReading reading = EventCodec.decodeSignal(event.value()).value();
    assertThat(reading)
        .isEqualTo(
            new SignalReading(
                "dev-1",
                "acme",
                Instant.parse("2026-11-26T10:05:00Z"),
                -87.5,
                null,
                null,
                null,
                "4711",
                null,
                null,
                3600,
                FETCHED));
  }

  @Test
  void theVendorRecordCannotOverrideWhatThePollerSets() throws Exception {
    EncodedEvent event =
        VendorRecords.event(
            Feed.SIGNAL,
            DEVICE,
            json(
                "{\"ts\":\"2026-11-26T10:05:00Z\",\"rssi_dbm\":-80,\"device_id\":\"other\","
                    + "\"tenant_id\":\"evil\",\"schema\":\"x\",\"fetched_at\":\"2020-01-01T00:00:00Z\"}"),
            FETCHED);

    SignalReading reading = EventCodec.decodeSignal(event.value()).value();
    assertThat(reading.deviceId()).isEqualTo("dev-1");
    assertThat(reading.tenantId()).isEqualTo("acme");
    assertThat(reading.fetchedAt()).isEqualTo(FETCHED);
  }

  @Test
  void anOutOfRangeReadingNamesTheRuleItBreaks() throws Exception {
    EncodedEvent event =
        VendorRecords.event(
            Feed.SIGNAL, DEVICE, json("{\"ts\":\"2026-11-26T10:05:00Z\",\"rssi_dbm\":5}"), FETCHED);

    assertThat(event.isValid()).isFalse();
    assertThat(event.violation().rule()).isEqualTo(Rule.RSSI_RANGE);
  }

  @Test
  void aReadingTooFarInTheFutureOfFetchedAtIsInvalid() throws Exception {
    EncodedEvent event =
        VendorRecords.event(
            Feed.SIGNAL,
            DEVICE,
            json("{\"ts\":\"2026-11-26T11:00:00Z\",\"rssi_dbm\":-70}"),
            FETCHED);

    assertThat(event.violation().rule()).isEqualTo(Rule.TS_FUTURE);
  }

  @Test
  void anElementThatIsNotAnObjectIsMalformed() throws Exception {
    EncodedEvent event =
        VendorRecords.event(Feed.SIGNAL, DEVICE, json("\"{\\\"ts\\\": 2026-11-\""), FETCHED);

    assertThat(event.violation().rule()).isEqualTo(Rule.MALFORMED_JSON);
  }

  @Test
  void aVendorActivityBecomesADeviceActivity() throws Exception {
    EncodedEvent event =
        VendorRecords.event(
            Feed.ACTIVITY,
            DEVICE,
            json(
                "{\"event_id\":\"e-1\",\"ts\":\"2026-11-26T10:00:00Z\",\"type\":\"REBOOT\","
                    + "\"outcome\":\"OK\",\"detail\":{\"reason\":\"watchdog\"}}"),
            FETCHED);

    assertThat(EventCodec.decodeActivity(event.value()).value().detailJson())
        .isEqualTo("{\"reason\":\"watchdog\"}");
  }

  @Test
  void aDeviceIsPollableOnlyWithAValidIdAndATenant() throws Exception {
    assertThat(VendorRecords.pollable(json("{\"device_id\":\"dev-1\",\"tenant_id\":\"acme\"}")))
        .contains(DEVICE);
    assertThat(VendorRecords.pollable(json("{\"device_id\":\"dev 1\",\"tenant_id\":\"acme\"}")))
        .isEmpty();
    assertThat(VendorRecords.pollable(json("{\"device_id\":\"dev-1\"}"))).isEmpty();
  }

  @Test
  void readsTsOnlyWhenItIsAnRfc3339Instant() throws Exception {
    assertThat(VendorRecords.ts(json("{\"ts\":\"2026-11-26T10:00:00Z\"}")))
        .isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
    assertThat(VendorRecords.ts(json("{\"ts\":\"yesterday\"}"))).isNull();
    assertThat(VendorRecords.ts(json("{\"ts\":12}"))).isNull();
  }
}
