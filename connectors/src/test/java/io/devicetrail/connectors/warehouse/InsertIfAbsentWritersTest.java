package io.devicetrail.connectors.warehouse;

import static io.devicetrail.connectors.warehouse.Rows.activity;
import static io.devicetrail.connectors.warehouse.Rows.at;
import static io.devicetrail.connectors.warehouse.Rows.reading;
import static io.devicetrail.connectors.warehouse.Rows.refetched;
import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.SignalReading;
import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.junit.LocalServicesExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** signal_raw and activity_event: staged batches that insert what is absent, on the stand-in. */
@ExtendWith(LocalServicesExtension.class)
class InsertIfAbsentWritersTest {

  private static TestWarehouse warehouse;

  private final BatchWriter<SignalReading> raw =
      new StagedBatchWriter<>(
          WarehouseTables.SIGNAL_RAW,
          WarehouseDialect.postgres(),
          StagedBatchWriter.Rule.INSERT_IF_ABSENT);
  private final BatchWriter<DeviceActivity> activities =
      new StagedBatchWriter<>(
          WarehouseTables.ACTIVITY_EVENT,
          WarehouseDialect.postgres(),
          StagedBatchWriter.Rule.INSERT_IF_ABSENT);

  @BeforeAll
  static void migrate(LocalPostgres postgres) throws Exception {
    warehouse = TestWarehouse.create(postgres, "warehouse_insert_if_absent");
  }

  @BeforeEach
  void empty() throws Exception {
    warehouse.truncateAll();
  }

  @Test
  void aRawBatchAppliedTwiceLeavesTheSameRowsUntouched() throws Exception {
    List<SignalReading> batch =
        List.of(
            reading("dev-1", "10:00:00", -81),
            reading("dev-1", "10:05:00", -82),
            reading("dev-2", "10:00:00", -90));

    BatchWriter.BatchOutcome first = warehouse.write(raw, batch);
    List<Map<String, Object>> afterFirst = warehouse.snapshot("signal_raw", "device_id, ts");
    BatchWriter.BatchOutcome second = warehouse.write(raw, batch);

    assertThat(first).isEqualTo(new BatchWriter.BatchOutcome(3, 3, 3));
    assertThat(second).isEqualTo(new BatchWriter.BatchOutcome(3, 3, 0));
    assertThat(warehouse.snapshot("signal_raw", "device_id, ts")).isEqualTo(afterFirst);
    assertThat(afterFirst)
        .extracting(row -> row.get("device_id") + "@" + row.get("ts") + " " + row.get("rssi_dbm"))
        .containsExactly(
            "dev-1@" + at("10:00:00") + " -81.0",
            "dev-1@" + at("10:05:00") + " -82.0",
            "dev-2@" + at("10:00:00") + " -90.0");
  }

  @Test
  void everyColumnOfAReadingIsStoredAsSent() throws Exception {
    SignalReading full = reading("dev-1", "10:00:00", -81);
    SignalReading sparse =
        new SignalReading(
            "dev-2",
            "acme",
            at("10:00:00"),
            -99.5,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            at("11:00:00"));

    warehouse.write(raw, List.of(full, sparse));

    assertThat(warehouse.rows("SELECT * FROM signal_raw ORDER BY device_id"))
        .containsExactly(
            row(
                "device_id",
                "dev-1",
                "tenant_id",
                "acme",
                "ts",
                at("10:00:00"),
                "rssi_dbm",
                -81.0,
                "snr_db",
                -8.1,
                "rsrp_dbm",
                -101.0,
                "rsrq_db",
                -10.0,
                "cell_id",
                "cell-81",
                "lat",
                52.5,
                "lon",
                13.4,
                "battery_mv",
                3600,
                "fetched_at",
                at("11:00:00")),
            row(
                "device_id",
                "dev-2",
                "tenant_id",
                "acme",
                "ts",
                at("10:00:00"),
                "rssi_dbm",
                -99.5,
                "snr_db",
                null,
                "rsrp_dbm",
                null,
                "rsrq_db",
                null,
                "cell_id",
                null,
                "lat",
                null,
                "lon",
                null,
                "battery_mv",
                null,
                "fetched_at",
                at("11:00:00")));
  }

  @Test
  void aReadingIsStoredOnceAndItsFirstCopyWinsWithinABatchAndAcrossBatches() throws Exception {
    SignalReading original = reading("dev-1", "10:00:00", -81);
    SignalReading refetchedLater = refetched(original, at("12:00:00"));

    warehouse.write(raw, List.of(original, refetchedLater, original));
    warehouse.write(raw, List.of(refetchedLater, reading("dev-1", "10:01:00", -80)));

    assertThat(warehouse.rows("SELECT ts, fetched_at FROM signal_raw ORDER BY ts"))
        .containsExactly(
            Map.of("ts", at("10:00:00"), "fetched_at", at("11:00:00")),
            Map.of("ts", at("10:01:00"), "fetched_at", at("11:01:00")));
  }

  @Test
  void readingsDifferingOnlyBelowAMicrosecondAreTheSameReading() throws Exception {
    SignalReading a = reading("dev-1", "10:00:00", -81);
    SignalReading b =
        new SignalReading(
            "dev-1",
            "acme",
            a.ts().plusNanos(400),
            -70,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            at("11:00:00"));

    warehouse.write(raw, List.of(a));
    BatchWriter.BatchOutcome replay = warehouse.write(raw, List.of(b));

    assertThat(replay.written()).isZero();
    assertThat(warehouse.count("SELECT count(*) FROM signal_raw")).isEqualTo(1);
  }

  @Test
  void aBatchLargerThanOneInsertStatementIsStagedInSeveralAndWrittenWhole() throws Exception {
    List<SignalReading> batch = new ArrayList<>();
    Instant start = at("00:00:00");
    for (int i = 0; i < 2_345; i++) {
      batch.add(
          new SignalReading(
              "dev-" + (i % 7),
              "acme",
              start.plusSeconds(i * 60L),
              -60 - (i % 50),
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              start.plusSeconds(i * 60L + 5)));
    }

    BatchWriter.BatchOutcome outcome = warehouse.write(raw, batch);

    assertThat(outcome.written()).isEqualTo(2_345);
    assertThat(warehouse.count("SELECT count(*) FROM signal_raw")).isEqualTo(2_345);
    assertThat(warehouse.count("SELECT sum(rssi_dbm)::bigint FROM signal_raw"))
        .isEqualTo(batch.stream().mapToLong(r -> (long) r.rssiDbm()).sum());
  }

  @Test
  void activityEventsAreInsertedIfAbsentWithTheirDetailAsJsonb() throws Exception {
    DeviceActivity withDetail = activity("dev-1", "evt-1", "10:00:00", "{\"config\": 7}");
    DeviceActivity withoutDetail = activity("dev-1", "evt-2", "10:05:00", null);
    DeviceActivity sameIdOtherContent = activity("dev-1", "evt-1", "10:00:00", "{\"config\": 8}");

    BatchWriter.BatchOutcome first =
        warehouse.write(activities, List.of(withDetail, withoutDetail, withDetail));
    List<Map<String, Object>> afterFirst = warehouse.snapshot("activity_event", "event_id");
    BatchWriter.BatchOutcome second =
        warehouse.write(activities, List.of(sameIdOtherContent, withoutDetail));

    assertThat(first.written()).isEqualTo(2);
    assertThat(second.written()).isZero();
    assertThat(warehouse.snapshot("activity_event", "event_id")).isEqualTo(afterFirst);
    assertThat(
            warehouse.rows(
                "SELECT event_id, type, outcome, detail->>'config' AS config"
                    + " FROM activity_event ORDER BY event_id"))
        .containsExactly(
            row("event_id", "evt-1", "type", "CONFIG_UPDATE", "outcome", "OK", "config", "7"),
            row("event_id", "evt-2", "type", "CONFIG_UPDATE", "outcome", "OK", "config", null));
  }

  @Test
  void anEventSentAgainWithAnotherTimestampIsStillTheSameEvent() throws Exception {
    DeviceActivity first = activity("dev-1", "evt-1", "10:00:00", null);
    DeviceActivity corrected = activity("dev-1", "evt-1", "23:00:00", null);

    warehouse.write(activities, List.of(first));
    BatchWriter.BatchOutcome again = warehouse.write(activities, List.of(corrected));

    assertThat(again.written()).isZero();
    assertThat(warehouse.rows("SELECT ts FROM activity_event"))
        .containsExactly(Map.of("ts", at("10:00:00")));
  }

  @Test
  void valuesThatCannotBeStoredAsTheyAreAreMadeToFitInsteadOfFailingTheBatchForever()
      throws Exception {
    String longCell = "é".repeat(200); // 400 bytes for a 256-byte column
    SignalReading odd =
        new SignalReading(
            "dev-1",
            "acme",
            at("10:00:00"),
            -81,
            null,
            null,
            null,
            "cell\0-" + longCell,
            null,
            null,
            null,
            at("10:30:00"));
    DeviceActivity escapedNul =
        activity("dev-1", "evt-nul", "10:00:00", "{\"note\":\"a\\u0000b\"}");
    DeviceActivity hugeDetail =
        activity("dev-1", "evt-huge", "10:01:00", "{\"blob\":\"" + "x".repeat(70_000) + "\"}");

    warehouse.write(raw, List.of(odd));
    warehouse.write(activities, List.of(escapedNul, hugeDetail));

    String cell = (String) warehouse.rows("SELECT cell_id FROM signal_raw").get(0).get("cell_id");
    // "cell-" takes 5 bytes and each é 2: 125 of them fill 255 of the 256 bytes, cut whole.
    assertThat(cell).isEqualTo("cell-" + "é".repeat(125));
    assertThat(
            warehouse.rows(
                "SELECT event_id, detail->>'note' AS note, detail IS NULL AS dropped"
                    + " FROM activity_event ORDER BY event_id"))
        .containsExactly(
            row("event_id", "evt-huge", "note", null, "dropped", true),
            row("event_id", "evt-nul", "note", "a\ufffdb", "dropped", false));
    assertThat(raw.cutValues()).isEqualTo(1);
    assertThat(activities.cutValues()).isEqualTo(1);
  }

  /** A row as the test's queries return it, in column order (nulls allowed). */
  static Map<String, Object> row(Object... keysAndValues) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      row.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return row;
  }
}
