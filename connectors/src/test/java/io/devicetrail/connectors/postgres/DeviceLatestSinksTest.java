package io.devicetrail.connectors.postgres;

import static io.devicetrail.connectors.postgres.Events.activity;
import static io.devicetrail.connectors.postgres.Events.at;
import static io.devicetrail.connectors.postgres.Events.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.SignalReading;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** device_latest: forward only in event time, readings and activities independently. */
class DeviceLatestSinksTest {

  // xmin is the transaction that last wrote the row: unchanged means not rewritten at all.
  private static final String LATEST =
      "SELECT xmin::text AS written_by, * FROM device_latest ORDER BY device_id";
  private static final String READING_COLUMNS =
      "SELECT device_id, tenant_id, last_reading_ts, rssi_dbm, snr_db, cell_id, lat, lon,"
          + " battery_mv FROM device_latest ORDER BY device_id";

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
  void aNewerReadingMovesTheRowForwardAndAnOlderOneChangesNothing() throws Exception {
    writeReadings(List.of(reading("dev-1", "10:00:00", -81)));
    writeReadings(List.of(reading("dev-1", "11:00:00", -60)));
    Map<String, Object> newer = db.row(LATEST);

    writeReadings(List.of(reading("dev-1", "10:30:00", -99)));

    assertThat(db.row(LATEST)).isEqualTo(newer);
    assertThat(newer)
        .containsEntry("last_reading_ts", at("11:00:00"))
        .containsEntry("rssi_dbm", -60.0)
        .containsEntry("snr_db", -6.0)
        .containsEntry("cell_id", "cell-60")
        .containsEntry("lat", 52.5)
        .containsEntry("lon", 13.4)
        .containsEntry("battery_mv", 3600);
  }

  @Test
  void replayingAReadingBatchRewritesNoRowNotEvenUpdatedAt() throws Exception {
    List<SignalReading> batch =
        List.of(
            reading("dev-1", "10:00:00", -81),
            reading("dev-1", "10:15:00", -82),
            reading("dev-2", "09:00:00", -90),
            reading("dev-1", "10:15:00", -82));
    writeReadings(batch);
    List<Map<String, Object>> once = db.rows(LATEST);

    writeReadings(batch);

    assertThat(db.rows(LATEST)).isEqualTo(once);
    assertThat(once)
        .extracting(row -> row.get("last_reading_ts"))
        .containsExactly(at("10:15:00"), at("09:00:00"));
  }

  @Test
  void theOrderOfReadingsWithinABatchDoesNotMatter() throws Exception {
    List<SignalReading> batch = new ArrayList<>();
    for (int minute = 0; minute < 30; minute++) {
      batch.add(reading("dev-" + minute % 3, String.format("10:%02d:00", minute), -50 - minute));
    }
    writeReadings(batch);
    List<Map<String, Object>> inOrder = db.rows(READING_COLUMNS);

    db.truncateAll();
    List<SignalReading> reversed = new ArrayList<>(batch);
    Collections.reverse(reversed);
    writeReadings(reversed);

    assertThat(db.rows(READING_COLUMNS)).isEqualTo(inOrder);
    assertThat(inOrder)
        .extracting(row -> row.get("last_reading_ts"))
        .containsExactly(at("10:27:00"), at("10:28:00"), at("10:29:00"));
  }

  @Test
  void anActivityLeavesTheReadingColumnsAndAReadingLeavesTheActivityColumns() throws Exception {
    writeReadings(List.of(reading("dev-1", "10:00:00", -81)));
    writeActivities(List.of(activity("dev-1", "evt-1", "12:00:00", "CONNECT")));
    writeReadings(List.of(reading("dev-1", "11:00:00", -70)));

    assertThat(db.row(LATEST))
        .containsEntry("last_reading_ts", at("11:00:00"))
        .containsEntry("rssi_dbm", -70.0)
        .containsEntry("cell_id", "cell-70")
        .containsEntry("last_activity_ts", at("12:00:00"))
        .containsEntry("last_activity_type", "CONNECT")
        .containsEntry("last_activity_outcome", "OK")
        .containsEntry("last_activity_event_id", "evt-1");
  }

  @Test
  void anActivityMayCreateTheRowAndAReadingFillsItsColumnsLater() throws Exception {
    writeActivities(List.of(activity("dev-1", "evt-1", "12:00:00", "REBOOT")));
    Map<String, Object> createdByActivity = db.row(LATEST);

    writeReadings(List.of(reading("dev-1", "09:00:00", -88)));

    assertThat(createdByActivity)
        .containsEntry("tenant_id", "acme")
        .containsEntry("last_reading_ts", null)
        .containsEntry("rssi_dbm", null)
        .containsEntry("last_activity_type", "REBOOT");
    assertThat(db.row(LATEST))
        .containsEntry("last_reading_ts", at("09:00:00"))
        .containsEntry("rssi_dbm", -88.0)
        .containsEntry("last_activity_ts", at("12:00:00"))
        .containsEntry("last_activity_type", "REBOOT");
  }

  @Test
  void anOlderOrReplayedActivityChangesNothing() throws Exception {
    writeActivities(List.of(activity("dev-1", "evt-2", "12:00:00", "CONFIG_UPDATE")));
    Map<String, Object> newest = db.row(LATEST);

    writeActivities(
        List.of(
            activity("dev-1", "evt-1", "11:00:00", "CONNECT"),
            activity("dev-1", "evt-2", "12:00:00", "CONFIG_UPDATE")));

    assertThat(db.row(LATEST)).isEqualTo(newest);
    assertThat(newest)
        .containsEntry("last_activity_ts", at("12:00:00"))
        .containsEntry("last_activity_type", "CONFIG_UPDATE");
  }

  @Test
  void ofTwoActivitiesWithTheSameTsTheSameOneWinsWhateverTheOrder() throws Exception {
    DeviceActivity a = activity("dev-1", "evt-a", "12:00:00", "CONNECT");
    DeviceActivity b = activity("dev-1", "evt-b", "12:00:00", "COMMAND");

    writeActivities(List.of(a, b));
    Map<String, Object> abOrder = db.row(LATEST);
    db.truncateAll();
    writeActivities(List.of(b, a));

    assertThat(db.row(LATEST))
        .containsEntry("last_activity_event_id", abOrder.get("last_activity_event_id"))
        .containsEntry("last_activity_type", abOrder.get("last_activity_type"));
  }

  private static void writeReadings(List<SignalReading> batch) throws Exception {
    db.applyBatch(
        DeviceLatestFromSignalStatement.SQL,
        new DeviceLatestFromSignalStatement(),
        SupportDbSinks.driverProperties("device_latest-signal", false),
        batch);
  }

  private static void writeActivities(List<DeviceActivity> batch) throws Exception {
    db.applyBatch(
        DeviceLatestFromActivityStatement.SQL,
        new DeviceLatestFromActivityStatement(),
        SupportDbSinks.driverProperties("device_latest-activity", false),
        batch);
  }
}
