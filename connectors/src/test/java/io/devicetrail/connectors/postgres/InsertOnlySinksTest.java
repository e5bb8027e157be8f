package io.devicetrail.connectors.postgres;

import static io.devicetrail.connectors.postgres.Events.activity;
import static io.devicetrail.connectors.postgres.Events.at;
import static io.devicetrail.connectors.postgres.Events.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.SignalReading;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** signal_recent and activity_recent: every event once, however often it is written. */
class InsertOnlySinksTest {

  @TempDir static Path dataDir;
  private static TestSupportDb db;

  @BeforeAll
  static void start() throws Exception {
    db = TestSupportDb.start(dataDir);
  }

  @AfterAll
  static void stop() {
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void empty() throws Exception {
    db.truncateAll();
  }

  @Test
  void aReadingBatchAppliedTwiceLeavesEachReadingOnceWithItsValues() throws Exception {
    SignalReading first = reading("dev-1", "10:00:00", -81);
    List<SignalReading> batch =
        List.of(first, reading("dev-1", "10:15:00", -82), reading("dev-2", "10:00:00", -90), first);

    writeReadings(batch);
    List<Map<String, Object>> once = db.rows("SELECT * FROM signal_recent ORDER BY device_id, ts");
    writeReadings(batch);

    List<Map<String, Object>> twice = db.rows("SELECT * FROM signal_recent ORDER BY device_id, ts");
    assertThat(twice).isEqualTo(once).hasSize(3);
    assertThat(twice.get(0))
        .containsEntry("device_id", "dev-1")
        .containsEntry("ts", at("10:00:00"))
        .containsEntry("tenant_id", "acme")
        .containsEntry("rssi_dbm", -81.0)
        .containsEntry("snr_db", -8.1)
        .containsEntry("rsrp_dbm", -101.0)
        .containsEntry("rsrq_db", -10.0)
        .containsEntry("cell_id", "cell-81")
        .containsEntry("lat", 52.5)
        .containsEntry("lon", 13.4)
        .containsEntry("battery_mv", 3600)
        .containsEntry("fetched_at", at("11:00:00"));
  }

  @Test
  void aReadingWithOnlyTheRequiredFieldsStoresNulls() throws Exception {
    SignalReading bare =
        new SignalReading(
            "dev-1",
            "acme",
            at("10:00:00"),
            -70,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            at("10:01:00"));

    writeReadings(List.of(bare));

    assertThat(db.row("SELECT * FROM signal_recent"))
        .containsEntry("rssi_dbm", -70.0)
        .containsEntry("snr_db", null)
        .containsEntry("cell_id", null)
        .containsEntry("battery_mv", null);
  }

  @Test
  void anActivityBatchAppliedTwiceLeavesEachEventOnceWithItsDetail() throws Exception {
    DeviceActivity connect = activity("dev-1", "evt-1", "10:00:00", "CONNECT");
    List<DeviceActivity> batch =
        List.of(connect, activity("dev-1", "evt-2", "10:05:00", "REBOOT"), connect);

    writeActivities(batch);
    List<Map<String, Object>> once = db.rows("SELECT * FROM activity_recent ORDER BY event_id");
    writeActivities(batch);

    List<Map<String, Object>> twice = db.rows("SELECT * FROM activity_recent ORDER BY event_id");
    assertThat(twice).isEqualTo(once).hasSize(2);
    assertThat(twice.get(0))
        .containsEntry("event_id", "evt-1")
        .containsEntry("device_id", "dev-1")
        .containsEntry("tenant_id", "acme")
        .containsEntry("ts", at("10:00:00"))
        .containsEntry("type", "CONNECT")
        .containsEntry("outcome", "OK")
        .containsEntry("detail", "{\"note\": \"evt-1\"}")
        .containsEntry("fetched_at", at("10:01:00"));
  }

  @Test
  void anEventWhoseDetailHoldsANulCharacterIsStoredInsteadOfFailingTheBatch() throws Exception {
    DeviceActivity withNul =
        new DeviceActivity(
            "dev-1",
            "acme",
            "evt-nul",
            at("10:00:00"),
            "COMMAND",
            "FAILED",
            "{\"reply\":\"ab\\u0000c\",\"escaped\":\"\\\\u0000\"}",
            at("10:01:00"));
    DeviceActivity withoutDetail =
        new DeviceActivity(
            "dev-1", "acme", "evt-bare", at("10:02:00"), "TIMEOUT", "FAILED", null, at("10:03:00"));

    writeActivities(List.of(withNul, withoutDetail));

    List<Map<String, Object>> rows =
        db.rows(
            "SELECT event_id, detail->>'reply' AS reply, detail->>'escaped' AS escaped, detail"
                + " FROM activity_recent ORDER BY event_id");
    assertThat(rows).extracting(row -> row.get("event_id")).containsExactly("evt-bare", "evt-nul");
    assertThat(rows.get(0).get("detail")).isNull();
    // The NUL became U+FFFD; an escaped backslash followed by "u0000" is ordinary text and stays.
    assertThat(rows.get(1)).containsEntry("reply", "ab\uFFFDc").containsEntry("escaped", "\\u0000");
  }

  private static void writeReadings(List<SignalReading> batch) throws Exception {
    db.applyBatch(
        SignalRecentStatement.SQL,
        new SignalRecentStatement(),
        SupportDbSinks.driverProperties("signal_recent", true),
        batch);
  }

  private static void writeActivities(List<DeviceActivity> batch) throws Exception {
    db.applyBatch(
        ActivityRecentStatement.SQL,
        new ActivityRecentStatement(),
        SupportDbSinks.driverProperties("activity_recent", true),
        batch);
  }
}
