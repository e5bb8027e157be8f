package io.devicetrail.connectors.warehouse;

import static io.devicetrail.connectors.warehouse.Rows.activity;
import static io.devicetrail.connectors.warehouse.Rows.at;
import static io.devicetrail.connectors.warehouse.Rows.attributes;
import static io.devicetrail.connectors.warehouse.Rows.reading;
import static io.devicetrail.connectors.warehouse.Rows.rollup;
import static io.devicetrail.connectors.warehouse.model.RollupTier.DAY;
import static io.devicetrail.connectors.warehouse.model.RollupTier.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.connectors.warehouse.model.SignalRollup;
import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.SignalReading;
import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.junit.LocalServicesExtension;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real warehouse sinks on a MiniCluster, writing into the stand-in. */
@ExtendWith(LocalServicesExtension.class)
class WarehouseSinksMiniClusterTest {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  // Out of order and with duplicates: what a replay after a restart looks like.
  private static final List<SignalReading> READINGS =
      List.of(
          reading("dev-1", "10:00:00", -81),
          reading("dev-1", "10:15:00", -82),
          reading("dev-2", "10:05:00", -90),
          reading("dev-1", "09:45:00", -99),
          reading("dev-1", "10:00:00", -81),
          reading("dev-2", "10:05:00", -90),
          reading("dev-3", "10:07:00", -70));
  private static final List<SignalRollup> ROLLUPS =
      List.of(
          rollup(HOUR, "dev-1", "10:00:00", 1, false, 2),
          rollup(DAY, "dev-1", "00:00:00", 1, false, 2),
          rollup(HOUR, "dev-1", "10:00:00", 3, true, 4),
          rollup(HOUR, "dev-1", "10:00:00", 2, false, 3),
          rollup(DAY, "dev-1", "00:00:00", 2, false, 3),
          rollup(HOUR, "dev-2", "10:00:00", 1, false, 1),
          rollup(HOUR, "dev-1", "10:00:00", 3, true, 4));
  private static final List<DeviceActivity> ACTIVITIES =
      List.of(
          activity("dev-1", "evt-2", "10:20:00", "{\"config\":8}"),
          activity("dev-1", "evt-1", "10:10:00", null),
          activity("dev-3", "evt-3", "08:00:00", "{}"),
          activity("dev-1", "evt-2", "10:20:00", "{\"config\":8}"));
  private static final List<DeviceAttributes> CHANGES =
      List.of(
          attributes("dev-1", "07:00:00", "1.4.2", 7),
          attributes("dev-1", "10:20:00", "1.4.2", 8),
          attributes("dev-2", "07:00:00", "2.0.0", 1),
          attributes("dev-1", "09:00:00", "1.5.0", 7),
          attributes("dev-1", "10:20:00", "1.4.2", 8));

  private static TestWarehouse warehouse;

  @BeforeAll
  static void migrate(LocalPostgres postgres) throws Exception {
    warehouse = TestWarehouse.create(postgres, "warehouse_minicluster");
  }

  @Test
  void theSinksWriteEveryTableAndARerunChangesNoRow() throws Exception {
    runJob();
    Map<String, List<Map<String, Object>>> afterFirstRun = allTables();

    runJob();

    assertThat(allTables()).isEqualTo(afterFirstRun);
    assertThat(warehouse.rows("SELECT device_id, ts FROM signal_raw ORDER BY device_id, ts"))
        .extracting(row -> row.get("device_id") + "@" + row.get("ts"))
        .containsExactly(
            "dev-1@" + at("09:45:00"),
            "dev-1@" + at("10:00:00"),
            "dev-1@" + at("10:15:00"),
            "dev-2@" + at("10:05:00"),
            "dev-3@" + at("10:07:00"));
    assertThat(
            warehouse.rows(
                "SELECT device_id, revision, is_final, readings FROM signal_hourly"
                    + " ORDER BY device_id"))
        .extracting(
            row ->
                row.get("device_id")
                    + " r"
                    + row.get("revision")
                    + " "
                    + row.get("is_final")
                    + " "
                    + row.get("readings"))
        .containsExactly("dev-1 r3 true 4", "dev-2 r1 false 1");
    assertThat(warehouse.rows("SELECT device_id, revision, readings FROM signal_daily"))
        .containsExactly(Map.of("device_id", "dev-1", "revision", 2, "readings", 3));
    assertThat(warehouse.rows("SELECT event_id FROM activity_event ORDER BY event_id"))
        .extracting(row -> row.get("event_id"))
        .containsExactly("evt-1", "evt-2", "evt-3");
    assertThat(
            warehouse.rows(
                "SELECT device_id, firmware, config_version, valid_from, valid_to, is_current"
                    + " FROM dim_device ORDER BY device_id, valid_from"))
        .extracting(
            row ->
                row.get("device_id")
                    + " "
                    + row.get("firmware")
                    + "/"
                    + row.get("config_version")
                    + " "
                    + row.get("valid_from")
                    + ".."
                    + row.get("valid_to")
                    + (Boolean.TRUE.equals(row.get("is_current")) ? " current" : ""))
        .containsExactly(
            "dev-1 1.4.2/7 " + at("07:00:00") + ".." + at("09:00:00"),
            "dev-1 1.5.0/7 " + at("09:00:00") + ".." + at("10:20:00"),
            "dev-1 1.4.2/8 " + at("10:20:00") + "..null current",
            "dev-2 2.0.0/1 " + at("07:00:00") + "..null current");
  }

  @Test
  void theSinksInputsAreFlinkPojosNotKryoFallbacks() {
    assertThat(TypeInformation.of(DeviceAttributes.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(TypeInformation.of(SignalRollup.class)).isInstanceOf(PojoTypeInfo.class);
  }

  private static void runJob() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.enableCheckpointing(200);
    WarehouseConnection conn = warehouse.connection();
    WarehouseDialect dialect = WarehouseDialect.postgres();
    // Small batches so that a run spans several transactions per sink.
    WarehouseSinkOptions options =
        WarehouseSinkOptions.builder().batchSize(2).batchIntervalMs(100).build();

    env.fromData(READINGS)
        .setParallelism(1)
        .keyBy(SignalReading::deviceId)
        .sinkTo(WarehouseSinks.signalRaw(conn, dialect, options))
        .name("warehouse signal_raw");
    env.fromData(ROLLUPS)
        .setParallelism(1)
        .keyBy(SignalRollup::deviceId)
        .sinkTo(WarehouseSinks.rollups(conn, dialect, options))
        .name("warehouse rollups");
    env.fromData(ACTIVITIES)
        .setParallelism(1)
        .keyBy(DeviceActivity::deviceId)
        .sinkTo(WarehouseSinks.activityEvent(conn, dialect, options))
        .name("warehouse activity_event");
    env.fromData(CHANGES)
        .setParallelism(1)
        .keyBy(DeviceAttributes::deviceId)
        .sinkTo(WarehouseSinks.dimDevice(conn, dialect, options))
        .name("warehouse dim_device");

    env.execute("warehouse sinks");
  }

  private static Map<String, List<Map<String, Object>>> allTables() throws Exception {
    return Map.of(
        "signal_raw", warehouse.snapshot("signal_raw", "device_id, ts"),
        "signal_hourly", warehouse.snapshot("signal_hourly", "device_id, bucket_start"),
        "signal_daily", warehouse.snapshot("signal_daily", "device_id, bucket_start"),
        "activity_event", warehouse.snapshot("activity_event", "event_id"),
        "dim_device", warehouse.snapshot("dim_device", "device_key"),
        "dim_device_change", warehouse.snapshot("dim_device_change", "device_id, valid_from"));
  }
}
