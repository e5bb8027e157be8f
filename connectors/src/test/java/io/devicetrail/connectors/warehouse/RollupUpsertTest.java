package io.devicetrail.connectors.warehouse;

import static io.devicetrail.connectors.warehouse.Rows.at;
import static io.devicetrail.connectors.warehouse.Rows.rollup;
import static io.devicetrail.connectors.warehouse.model.RollupTier.DAY;
import static io.devicetrail.connectors.warehouse.model.RollupTier.HOUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devicetrail.connectors.warehouse.model.SignalRollup;
import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.junit.LocalServicesExtension;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** signal_hourly and signal_daily: revision-guarded, idempotent upserts on the stand-in. */
@ExtendWith(LocalServicesExtension.class)
class RollupUpsertTest {

  private static TestWarehouse warehouse;

  private final BatchWriter<SignalRollup> hourly =
      new StagedBatchWriter<>(
          WarehouseTables.SIGNAL_HOURLY,
          WarehouseDialect.postgres(),
          StagedBatchWriter.Rule.NEWER_REVISION_WINS);
  private final BatchWriter<SignalRollup> bothTiers =
      new RollupsByTierWriter(WarehouseDialect.postgres());

  @BeforeAll
  static void migrate(LocalPostgres postgres) throws Exception {
    warehouse = TestWarehouse.create(postgres, "warehouse_rollups");
  }

  @BeforeEach
  void empty() throws Exception {
    warehouse.truncateAll();
  }

  @Test
  void aBatchOfNewRowsIsInsertedWithEveryColumn() throws Exception {
    warehouse.write(hourly, List.of(rollup(HOUR, "dev-1", "10:00:00", 2, false, 11)));

    assertThat(warehouse.rows("SELECT * FROM signal_hourly"))
        .containsExactly(
            InsertIfAbsentWritersTest.row(
                "device_id",
                "dev-1",
                "tenant_id",
                "acme",
                "bucket_start",
                at("10:00:00"),
                "readings",
                11,
                "expected_readings",
                12,
                "rssi_min",
                -98.0,
                "rssi_max",
                -62.0,
                "rssi_avg",
                -80.5,
                "rssi_p10",
                -95.0,
                "rssi_p50",
                -80.0,
                "rssi_p90",
                -65.0,
                "snr_avg",
                7.25,
                "cells_seen",
                2,
                "cell_changes",
                2,
                "battery_min_mv",
                3302,
                "longest_gap_s",
                600,
                "late_readings",
                1,
                "max_lateness_s",
                7200,
                "revision",
                2,
                "is_final",
                false,
                "updated_at",
                at("14:00:00")));
  }

  @Test
  void theSameBatchTwiceLeavesTheSameRowsUnrewritten() throws Exception {
    List<SignalRollup> batch =
        List.of(
            rollup(HOUR, "dev-1", "10:00:00", 1, false, 5),
            rollup(HOUR, "dev-1", "11:00:00", 3, true, 12),
            rollup(HOUR, "dev-2", "10:00:00", 2, false, 9));

    BatchWriter.BatchOutcome first = warehouse.write(hourly, batch);
    List<Map<String, Object>> afterFirst = snapshot();
    BatchWriter.BatchOutcome second = warehouse.write(hourly, batch);

    assertThat(first.written()).isEqualTo(3);
    assertThat(second.written()).isZero();
    assertThat(snapshot()).isEqualTo(afterFirst);
  }

  @Test
  void aHigherRevisionReplacesTheRowWholeAndALowerOneNeverDoes() throws Exception {
    warehouse.write(hourly, List.of(rollup(HOUR, "dev-1", "10:00:00", 1, false, 5)));

    warehouse.write(hourly, List.of(rollup(HOUR, "dev-1", "10:00:00", 2, false, 9)));
    List<Map<String, Object>> atRevision2 = snapshot();
    warehouse.write(hourly, List.of(rollup(HOUR, "dev-1", "10:00:00", 1, false, 5)));

    assertThat(snapshot()).isEqualTo(atRevision2);
    assertThat(revisions()).containsExactly("dev-1 10:00 r2 provisional readings=9 late=1");
  }

  @Test
  void aFinalRowIsNeverReplacedByAProvisionalOneOfTheSameOrALowerRevision() throws Exception {
    warehouse.write(hourly, List.of(rollup(HOUR, "dev-1", "10:00:00", 3, true, 12)));
    List<Map<String, Object>> finalRow = snapshot();

    warehouse.write(hourly, List.of(rollup(HOUR, "dev-1", "10:00:00", 3, false, 11)));
    warehouse.write(hourly, List.of(rollup(HOUR, "dev-1", "10:00:00", 2, false, 10)));
    warehouse.write(hourly, List.of(rollup(HOUR, "dev-1", "10:00:00", 2, true, 10)));

    assertThat(snapshot()).isEqualTo(finalRow);
  }

  @Test
  void aFinalRowIsNeverReplacedEvenByAHigherRevision() throws Exception {
    // A device silent past its idle timeout loses its state and starts again at revision 1.
    warehouse.write(hourly, List.of(rollup(HOUR, "dev-1", "10:00:00", 1, true, 12)));
    List<Map<String, Object>> finalRow = snapshot();

    warehouse.write(hourly, List.of(rollup(HOUR, "dev-1", "10:00:00", 2, false, 3)));
    warehouse.write(hourly, List.of(rollup(HOUR, "dev-1", "10:00:00", 5, true, 4)));

    assertThat(snapshot()).isEqualTo(finalRow);
  }

  @Test
  void atTheSameRevisionTheFinalRowReplacesTheProvisionalOne() throws Exception {
    warehouse.write(hourly, List.of(rollup(HOUR, "dev-1", "10:00:00", 3, false, 12)));

    warehouse.write(hourly, List.of(rollup(HOUR, "dev-1", "10:00:00", 3, true, 12)));

    assertThat(revisions()).containsExactly("dev-1 10:00 r3 final readings=12 late=2");
  }

  @Test
  void withinOneBatchTheHighestRankingRowOfAKeyWinsWhateverItsPosition() throws Exception {
    List<SignalRollup> shuffled =
        List.of(
            rollup(HOUR, "dev-1", "10:00:00", 2, false, 8),
            rollup(HOUR, "dev-1", "10:00:00", 4, true, 12),
            rollup(HOUR, "dev-1", "10:00:00", 4, false, 12),
            rollup(HOUR, "dev-1", "10:00:00", 3, false, 10),
            rollup(HOUR, "dev-2", "10:00:00", 1, false, 1),
            rollup(HOUR, "dev-2", "10:00:00", 2, false, 2));

    BatchWriter.BatchOutcome outcome = warehouse.write(hourly, shuffled);

    assertThat(outcome).isEqualTo(new BatchWriter.BatchOutcome(6, 2, 2));
    assertThat(revisions())
        .containsExactly(
            "dev-1 10:00 r4 final readings=12 late=3",
            "dev-2 10:00 r2 provisional readings=2 late=1");
  }

  @Test
  void batchesInAnyOrderEndInTheSameRows() throws Exception {
    List<List<SignalRollup>> batches =
        List.of(
            List.of(rollup(HOUR, "dev-1", "10:00:00", 1, false, 5)),
            List.of(
                rollup(HOUR, "dev-1", "10:00:00", 2, false, 9),
                rollup(HOUR, "dev-1", "11:00:00", 1, false, 3)),
            List.of(rollup(HOUR, "dev-1", "10:00:00", 3, true, 12)),
            List.of(rollup(HOUR, "dev-1", "11:00:00", 2, true, 6)));
    for (List<SignalRollup> batch : batches) {
      warehouse.write(hourly, batch);
    }
    List<Map<String, Object>> inOrder = warehouse.rows("SELECT * FROM signal_hourly ORDER BY 1, 3");

    warehouse.truncateAll();
    for (int i = batches.size() - 1; i >= 0; i--) {
      warehouse.write(hourly, batches.get(i));
    }

    assertThat(warehouse.rows("SELECT * FROM signal_hourly ORDER BY 1, 3")).isEqualTo(inOrder);
  }

  @Test
  void rollupsOfBothTiersGoToTheirTablesInOneTransaction() throws Exception {
    warehouse.write(
        bothTiers,
        List.of(
            rollup(HOUR, "dev-1", "10:00:00", 1, false, 5),
            rollup(DAY, "dev-1", "00:00:00", 1, false, 5),
            rollup(HOUR, "dev-1", "11:00:00", 1, false, 2)));

    assertThat(warehouse.count("SELECT count(*) FROM signal_hourly")).isEqualTo(2);
    assertThat(warehouse.rows("SELECT bucket_start, expected_readings FROM signal_daily"))
        .containsExactly(Map.of("bucket_start", at("00:00:00"), "expected_readings", 288));
  }

  @Test
  void aBatchThatFailsHalfwayLeavesNoTableChanged() throws Exception {
    warehouse.execute("ALTER TABLE signal_daily RENAME TO signal_daily_away");
    try {
      assertThatThrownBy(
              () ->
                  warehouse.write(
                      bothTiers,
                      List.of(
                          rollup(HOUR, "dev-1", "10:00:00", 1, false, 5),
                          rollup(DAY, "dev-1", "00:00:00", 1, false, 5))))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("signal_daily");
    } finally {
      warehouse.execute("ALTER TABLE signal_daily_away RENAME TO signal_daily");
    }

    assertThat(warehouse.count("SELECT count(*) FROM signal_hourly")).isZero();
  }

  @Test
  void aRollupOfTheWrongTierIsRefusedByATierSink() {
    assertThatThrownBy(
            () -> warehouse.write(hourly, List.of(rollup(DAY, "dev-1", "00:00:00", 1, false, 5))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DAY rollup cannot go to signal_hourly");
  }

  private static List<Map<String, Object>> snapshot() throws SQLException {
    return warehouse.snapshot("signal_hourly", "device_id, bucket_start");
  }

  private static List<String> revisions() throws SQLException {
    return warehouse
        .rows(
            "SELECT device_id, to_char(bucket_start AT TIME ZONE 'UTC', 'HH24:MI') AS hour,"
                + " revision, is_final, readings, late_readings"
                + " FROM signal_hourly ORDER BY device_id, bucket_start")
        .stream()
        .map(
            r ->
                r.get("device_id")
                    + " "
                    + r.get("hour")
                    + " r"
                    + r.get("revision")
                    + ((Boolean) r.get("is_final") ? " final" : " provisional")
                    + " readings="
                    + r.get("readings")
                    + " late="
                    + r.get("late_readings"))
        .toList();
  }
}
