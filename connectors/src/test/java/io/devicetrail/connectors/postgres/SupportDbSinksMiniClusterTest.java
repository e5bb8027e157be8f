package io.devicetrail.connectors.postgres;

import static io.devicetrail.connectors.postgres.Events.activity;
import static io.devicetrail.connectors.postgres.Events.at;
import static io.devicetrail.connectors.postgres.Events.device;
import static io.devicetrail.connectors.postgres.Events.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.SignalReading;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real Flink JDBC sinks on a MiniCluster, writing into a real PostgreSQL. */
class SupportDbSinksMiniClusterTest {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  // Out of order, with duplicates: what a replay after a restart looks like.
  private static final List<SignalReading> READINGS =
      List.of(
          reading("dev-1", "10:00:00", -81),
          reading("dev-1", "10:15:00", -82),
          reading("dev-2", "10:05:00", -90),
          reading("dev-1", "09:45:00", -99),
          reading("dev-1", "10:00:00", -81),
          reading("dev-2", "10:05:00", -90));
  private static final List<DeviceActivity> ACTIVITIES =
      List.of(
          activity("dev-1", "evt-2", "10:20:00", "CONFIG_UPDATE"),
          activity("dev-1", "evt-1", "10:10:00", "CONNECT"),
          activity("dev-3", "evt-3", "08:00:00", "REBOOT"),
          activity("dev-1", "evt-2", "10:20:00", "CONFIG_UPDATE"));
  private static final List<DeviceSnapshot> DEVICES =
      List.of(
          device("dev-1", "07:00:00", "1.4.2"),
          device("dev-1", "09:00:00", "1.5.0"),
          device("dev-2", "07:00:00", "2.0.0"),
          device("dev-1", "07:00:00", "1.4.2"));

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

  @Test
  void theSinksWriteEachEventOnceAndTheNewestStateAndARerunChangesNoRow() throws Exception {
    runJob();
    Map<String, List<Map<String, Object>>> afterFirstRun = allTables();

    runJob();

    assertThat(allTables()).isEqualTo(afterFirstRun);
    assertThat(db.rows("SELECT device_id, ts FROM signal_recent ORDER BY device_id, ts"))
        .extracting(row -> row.get("device_id") + "@" + row.get("ts"))
        .containsExactly(
            "dev-1@" + at("09:45:00"),
            "dev-1@" + at("10:00:00"),
            "dev-1@" + at("10:15:00"),
            "dev-2@" + at("10:05:00"));
    assertThat(db.rows("SELECT event_id FROM activity_recent ORDER BY event_id"))
        .extracting(row -> row.get("event_id"))
        .containsExactly("evt-1", "evt-2", "evt-3");
    assertThat(
            db.rows(
                "SELECT device_id, last_reading_ts, rssi_dbm, last_activity_type"
                    + " FROM device_latest ORDER BY device_id"))
        .extracting(
            row ->
                row.get("device_id")
                    + " "
                    + row.get("last_reading_ts")
                    + " "
                    + row.get("rssi_dbm")
                    + " "
                    + row.get("last_activity_type"))
        .containsExactly(
            "dev-1 " + at("10:15:00") + " -82.0 CONFIG_UPDATE",
            "dev-2 " + at("10:05:00") + " -90.0 null",
            "dev-3 null null REBOOT");
    assertThat(db.rows("SELECT device_id, firmware FROM device ORDER BY device_id"))
        .extracting(row -> row.get("device_id") + " " + row.get("firmware"))
        .containsExactly("dev-1 1.5.0", "dev-2 2.0.0");
  }

  private static void runJob() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    PostgresConnection support = db.connection();
    // Small batches so that a run spans several of them.
    JdbcExecutionOptions options =
        JdbcExecutionOptions.builder()
            .withBatchSize(2)
            .withBatchIntervalMs(200)
            .withMaxRetries(3)
            .build();

    DataStream<SignalReading> readings = env.fromData(READINGS).setParallelism(1);
    readings.sinkTo(SupportDbSinks.signalRecent(support, options)).name("signal_recent");
    readings
        .keyBy(SignalReading::deviceId)
        .sinkTo(SupportDbSinks.deviceLatestFromSignal(support, options))
        .name("device_latest from readings");

    DataStream<DeviceActivity> activities = env.fromData(ACTIVITIES).setParallelism(1);
    activities.sinkTo(SupportDbSinks.activityRecent(support, options)).name("activity_recent");
    activities
        .keyBy(DeviceActivity::deviceId)
        .sinkTo(SupportDbSinks.deviceLatestFromActivity(support, options))
        .name("device_latest from activities");

    env.fromData(DEVICES)
        .setParallelism(1)
        .keyBy(DeviceSnapshot::deviceId)
        .sinkTo(SupportDbSinks.device(support, options))
        .name("device");

    env.execute("support database sinks");
  }

  private static Map<String, List<Map<String, Object>>> allTables() throws Exception {
    return Map.of(
        "signal_recent",
        db.rows("SELECT xmin::text AS written_by, * FROM signal_recent ORDER BY device_id, ts"),
        "activity_recent",
        db.rows("SELECT xmin::text AS written_by, * FROM activity_recent ORDER BY event_id"),
        "device_latest",
        db.rows("SELECT xmin::text AS written_by, * FROM device_latest ORDER BY device_id"),
        "device",
        db.rows("SELECT xmin::text AS written_by, * FROM device ORDER BY device_id"));
  }
}
