package io.devicetrail.connectors.postgres;

import static io.devicetrail.connectors.postgres.Events.at;
import static io.devicetrail.connectors.postgres.Events.device;
import static io.devicetrail.connectors.postgres.Events.relisted;
import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.events.DeviceSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** device: forward only in the vendor's updated_at. */
class DeviceSinkTest {

  private static final String DEVICES =
      "SELECT xmin::text AS written_by, * FROM device ORDER BY device_id";

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
  void aSnapshotIsStoredWithEveryAttribute() throws Exception {
    write(List.of(device("dev-1", "08:00:00", "1.4.2")));

    assertThat(db.row("SELECT * FROM device"))
        .containsEntry("device_id", "dev-1")
        .containsEntry("tenant_id", "acme")
        .containsEntry("model", "LTE-M tracker")
        .containsEntry("firmware", "1.4.2")
        .containsEntry("config_version", 7)
        .containsEntry("reporting_interval_s", 900)
        .containsEntry("site", "depot-3")
        .containsEntry("updated_at", at("08:00:00"))
        .containsEntry("fetched_at", at("08:00:30"));
  }

  @Test
  void aNewerSnapshotReplacesTheAttributesAndAnOlderOneChangesNothing() throws Exception {
    write(List.of(device("dev-1", "08:00:00", "1.4.2")));
    write(List.of(device("dev-1", "09:00:00", "1.5.0")));
    Map<String, Object> newer = db.row(DEVICES);

    write(List.of(device("dev-1", "08:30:00", "1.4.9")));

    assertThat(db.row(DEVICES)).isEqualTo(newer);
    assertThat(newer)
        .containsEntry("firmware", "1.5.0")
        .containsEntry("updated_at", at("09:00:00"));
  }

  @Test
  void replayingABatchOrRelistingAnUnchangedDeviceRewritesNoRow() throws Exception {
    DeviceSnapshot one = device("dev-1", "08:00:00", "1.4.2");
    List<DeviceSnapshot> batch = List.of(one, device("dev-2", "07:00:00", "2.0.0"), one);
    write(batch);
    List<Map<String, Object>> once = db.rows(DEVICES);

    write(batch);
    write(List.of(relisted(one, at("10:00:00"))));

    assertThat(db.rows(DEVICES)).isEqualTo(once).hasSize(2);
  }

  private static void write(List<DeviceSnapshot> batch) throws Exception {
    db.applyBatch(
        DeviceStatement.SQL,
        new DeviceStatement(),
        SupportDbSinks.driverProperties("device", false),
        batch);
  }
}
