package io.devicetrail.connectors.warehouse;

import static io.devicetrail.connectors.warehouse.Rows.at;
import static io.devicetrail.connectors.warehouse.Rows.attributes;
import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.junit.LocalServicesExtension;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** dim_device as a type-2 slowly changing dimension, written on the stand-in. */
@ExtendWith(LocalServicesExtension.class)
class DimDeviceWriterTest {

  private static TestWarehouse warehouse;

  private final DimDeviceWriter writer = new DimDeviceWriter(WarehouseDialect.postgres());

  @BeforeAll
  static void migrate(LocalPostgres postgres) throws Exception {
    warehouse = TestWarehouse.create(postgres, "warehouse_dim_device");
  }

  @BeforeEach
  void empty() throws Exception {
    warehouse.truncateAll();
  }

  @Test
  void aNewDeviceGetsOneCurrentRowWithItsAttributes() throws Exception {
    warehouse.write(writer, List.of(attributes("dev-1", "08:00:00", "1.4.2", 7)));

    assertThat(warehouse.rows("SELECT * FROM dim_device"))
        .containsExactly(
            InsertIfAbsentWritersTest.row(
                "device_key",
                1L,
                "device_id",
                "dev-1",
                "tenant_id",
                "acme",
                "model",
                "LTE-M tracker",
                "firmware",
                "1.4.2",
                "config_version",
                7,
                "reporting_interval_s",
                900,
                "site",
                "depot-3",
                "valid_from",
                at("08:00:00"),
                "valid_to",
                null,
                "is_current",
                true));
  }

  @Test
  void aChangeClosesTheCurrentRowAndAddsTheNewCurrentOne() throws Exception {
    warehouse.write(writer, List.of(attributes("dev-1", "08:00:00", "1.4.2", 7)));

    warehouse.write(writer, List.of(attributes("dev-1", "09:30:00", "1.5.0", 7)));

    assertThat(history())
        .containsExactly(
            "dev-1 #1 1.4.2 cfg7 08:00-09:30", "dev-1 #2 1.5.0 cfg7 09:30-now current");
  }

  @Test
  void theSameChangeTwiceChangesNoRow() throws Exception {
    List<DeviceAttributes> changes =
        List.of(
            attributes("dev-1", "08:00:00", "1.4.2", 7),
            attributes("dev-1", "09:30:00", "1.5.0", 7),
            attributes("dev-2", "08:00:00", "2.0.0", 1));
    warehouse.write(writer, changes);
    List<Map<String, Object>> before = warehouse.snapshot("dim_device", "device_key");

    BatchWriter.BatchOutcome replay = warehouse.write(writer, changes);
    BatchWriter.BatchOutcome oneAgain =
        warehouse.write(writer, List.of(attributes("dev-1", "09:30:00", "1.5.0", 7)));

    assertThat(replay.written()).isZero();
    assertThat(oneAgain.written()).isZero();
    assertThat(warehouse.snapshot("dim_device", "device_key")).isEqualTo(before);
  }

  @Test
  void aRelistingOfAnUnchangedDeviceAddsNoVersion() throws Exception {
    warehouse.write(writer, List.of(attributes("dev-1", "08:00:00", "1.4.2", 7)));

    warehouse.write(writer, List.of(attributes("dev-1", "12:00:00", "1.4.2", 7)));

    assertThat(history()).containsExactly("dev-1 #1 1.4.2 cfg7 08:00-now current");
  }

  @Test
  void anOlderChangeAfterANewerOneBecomesAClosedVersionAndTheCurrentRowStays() throws Exception {
    warehouse.write(writer, List.of(attributes("dev-1", "08:00:00", "1.4.2", 7)));
    warehouse.write(writer, List.of(attributes("dev-1", "10:00:00", "1.6.0", 8)));

    warehouse.write(writer, List.of(attributes("dev-1", "09:00:00", "1.5.0", 7)));

    assertThat(history())
        .containsExactly(
            "dev-1 #1 1.4.2 cfg7 08:00-09:00",
            "dev-1 #3 1.5.0 cfg7 09:00-10:00",
            "dev-1 #2 1.6.0 cfg8 10:00-now current");
  }

  @Test
  void anOlderObservationOfTheCurrentAttributesMovesTheStartOfTheCurrentRowBack() throws Exception {
    warehouse.write(writer, List.of(attributes("dev-1", "08:00:00", "1.4.2", 7)));
    warehouse.write(writer, List.of(attributes("dev-1", "10:00:00", "1.6.0", 8)));

    warehouse.write(writer, List.of(attributes("dev-1", "09:00:00", "1.6.0", 8)));

    assertThat(history())
        .containsExactly(
            "dev-1 #1 1.4.2 cfg7 08:00-09:00", "dev-1 #2 1.6.0 cfg8 09:00-now current");
  }

  @Test
  void aLateChangeEndsWhereALaterListingSawTheOldAttributesAgain() throws Exception {
    // The vendor listed the device as 1.4.2 at 08:00 and again at 10:00; a firmware update to
    // 1.5.0 at 09:00 (and back) is only learned later, from a sleeping device's activity.
    warehouse.write(writer, List.of(attributes("dev-1", "08:00:00", "1.4.2", 7)));
    warehouse.write(writer, List.of(attributes("dev-1", "10:00:00", "1.4.2", 7)));

    warehouse.write(writer, List.of(attributes("dev-1", "09:00:00", "1.5.0", 7)));

    assertThat(history())
        .containsExactly(
            "dev-1 #1 1.4.2 cfg7 08:00-09:00",
            "dev-1 #2 1.5.0 cfg7 09:00-10:00",
            "dev-1 #3 1.4.2 cfg7 10:00-now current");
  }

  @Test
  void anyArrivalOrderAndAnyBatchingGiveTheHistoryOfAnInOrderRun() throws Exception {
    List<DeviceAttributes> changes = new ArrayList<>();
    String[] firmware = {"1.0", "1.1", "1.0", "2.0", "2.0", "2.1"};
    for (String device : List.of("dev-a", "dev-b", "dev-c")) {
      for (int i = 0; i < firmware.length; i++) {
        String time = String.format("%02d:%02d:00", 6 + i, device.charAt(4) - 'a');
        changes.add(attributes(device, time, firmware[i], i < 3 ? 1 : 2));
      }
    }
    for (DeviceAttributes change : changes) {
      warehouse.write(writer, List.of(change));
    }
    List<String> inOrder = historyWithoutKeys();

    Random random = new Random(20261126);
    for (int run = 0; run < 6; run++) {
      warehouse.truncateAll();
      List<DeviceAttributes> shuffled = new ArrayList<>(changes);
      Collections.shuffle(shuffled, random);
      shuffled.add(shuffled.get(random.nextInt(shuffled.size()))); // and a replay
      int from = 0;
      while (from < shuffled.size()) {
        int to = Math.min(shuffled.size(), from + 1 + random.nextInt(5));
        warehouse.write(writer, shuffled.subList(from, to));
        from = to;
      }
      assertThat(historyWithoutKeys()).as("run %d", run).isEqualTo(inOrder);
    }
    assertThat(inOrder)
        .filteredOn(line -> line.startsWith("dev-b"))
        .containsExactly(
            "dev-b 1.0 cfg1 06:01-07:01",
            "dev-b 1.1 cfg1 07:01-08:01",
            "dev-b 1.0 cfg1 08:01-09:01",
            "dev-b 2.0 cfg2 09:01-11:01",
            "dev-b 2.1 cfg2 11:01-now current");
  }

  @Test
  void manyDevicesInOneBatchEachGetOneCurrentRow() throws Exception {
    List<DeviceAttributes> batch = new ArrayList<>();
    for (int i = 0; i < 1_500; i++) {
      batch.add(attributes("dev-" + i, "08:00:00", "1.0", 1));
      batch.add(attributes("dev-" + i, "09:00:00", "1.1", 1));
    }

    warehouse.write(writer, batch);

    assertThat(warehouse.count("SELECT count(*) FROM dim_device")).isEqualTo(3_000);
    assertThat(warehouse.count("SELECT count(*) FROM dim_device WHERE is_current"))
        .isEqualTo(1_500);
    assertThat(
            warehouse.count(
                "SELECT count(*) FROM dim_device WHERE is_current AND firmware = '1.1'"
                    + " AND valid_to IS NULL"))
        .isEqualTo(1_500);
  }

  /** {@code device #key firmware cfgN from-to [current]}, ordered by device and valid_from. */
  private static List<String> history() throws SQLException {
    return lines(true);
  }

  private static List<String> historyWithoutKeys() throws SQLException {
    return lines(false);
  }

  private static List<String> lines(boolean withKeys) throws SQLException {
    List<Map<String, Object>> rows =
        warehouse.rows(
            "SELECT device_key, device_id, firmware, config_version,"
                + " to_char(valid_from AT TIME ZONE 'UTC', 'HH24:MI') AS valid_from,"
                + " coalesce(to_char(valid_to AT TIME ZONE 'UTC', 'HH24:MI'), 'now') AS valid_to,"
                + " is_current, (valid_to IS NULL) = is_current AS consistent"
                + " FROM dim_device ORDER BY device_id, valid_from");
    List<String> lines = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      assertThat(r.get("consistent")).as("is_current iff valid_to is null: %s", r).isEqualTo(true);
      lines.add(
          r.get("device_id")
              + (withKeys ? " #" + r.get("device_key") : "")
              + " "
              + r.get("firmware")
              + " cfg"
              + r.get("config_version")
              + " "
              + r.get("valid_from")
              + "-"
              + r.get("valid_to")
              + ((Boolean) r.get("is_current") ? " current" : ""));
    }
    return lines;
  }
}
