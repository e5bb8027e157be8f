package io.devicetrail.connectors.warehouse;

import static io.devicetrail.connectors.warehouse.Rows.rollup;
import static io.devicetrail.connectors.warehouse.model.RollupTier.DAY;
import static io.devicetrail.connectors.warehouse.model.RollupTier.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.connectors.warehouse.model.SignalRollup;
import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.junit.LocalServicesExtension;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The reconcile rule on the stand-in: recomputed rows replace differing ones, even final ones. */
@ExtendWith(LocalServicesExtension.class)
class RollupReconcileTest {

  private static TestWarehouse warehouse;

  private final BatchWriter<SignalRollup> stream =
      new RollupsByTierWriter(WarehouseDialect.postgres());

  @BeforeAll
  static void migrate(LocalPostgres postgres) throws Exception {
    warehouse = TestWarehouse.create(postgres, "warehouse_reconcile");
  }

  @BeforeEach
  void empty() throws Exception {
    warehouse.truncateAll();
  }

  @Test
  void aFinalRowWithOtherDataIsReplacedWithTheNextRevisionKeepingTheStreamsLateness()
      throws Exception {
    warehouse.write(stream, List.of(rollup(HOUR, "dev-1", "10:00:00", 3, true, 11)));
    SignalRollup recomputed = recomputed(rollup(HOUR, "dev-1", "10:00:00", 1, true, 12));

    int written = reconcile(List.of(recomputed));

    assertThat(written).isEqualTo(1);
    Map<String, Object> row = warehouse.rows("SELECT * FROM signal_hourly").get(0);
    assertThat(row)
        .containsEntry("readings", 12)
        .containsEntry("rssi_min", recomputed.rssiMin())
        .containsEntry("snr_avg", null)
        .containsEntry("revision", 4)
        .containsEntry("is_final", true)
        .containsEntry("late_readings", 2) // the stored row's, written by the stream
        .containsEntry("max_lateness_s", 3 * 3600);
  }

  @Test
  void aBucketWithoutARowGetsTheRecomputedRowAsItIs() throws Exception {
    SignalRollup recomputed = recomputed(rollup(DAY, "dev-2", "00:00:00", 1, false, 200));

    assertThat(reconcile(List.of(recomputed))).isEqualTo(1);

    assertThat(warehouse.rows("SELECT readings, revision, is_final FROM signal_daily"))
        .containsExactly(Map.of("readings", 200, "revision", 1, "is_final", false));
  }

  @Test
  void rowsWhoseDataAgreeAreLeftUntouchedWhateverTheirRevisionOrFinality() throws Exception {
    SignalRollup streamed = rollup(HOUR, "dev-3", "11:00:00", 2, false, 11);
    warehouse.write(stream, List.of(streamed));
    List<Map<String, Object>> before = warehouse.snapshot("signal_hourly", "device_id");
    // The same data; the average differs in its last bits only, as two summation orders may.
    SignalRollup same =
        withAverage(recomputed(streamed), Math.nextUp(Math.nextUp(streamed.rssiAvg())));

    assertThat(reconcile(List.of(same))).isZero();

    assertThat(warehouse.snapshot("signal_hourly", "device_id")).isEqualTo(before);
  }

  @Test
  void reconcilingTheSameRowsTwiceChangesNoRowTheSecondTime() throws Exception {
    warehouse.write(
        stream,
        List.of(
            rollup(HOUR, "dev-4", "10:00:00", 5, true, 11),
            rollup(DAY, "dev-4", "00:00:00", 5, true, 100)));
    List<SignalRollup> recomputed =
        List.of(
            recomputed(rollup(HOUR, "dev-4", "10:00:00", 1, true, 12)),
            recomputed(rollup(HOUR, "dev-4", "11:00:00", 1, true, 3)),
            recomputed(rollup(DAY, "dev-4", "00:00:00", 1, true, 115)));
    assertThat(reconcile(recomputed)).isEqualTo(3);
    List<Map<String, Object>> hourly = warehouse.snapshot("signal_hourly", "bucket_start");
    List<Map<String, Object>> daily = warehouse.snapshot("signal_daily", "bucket_start");

    assertThat(reconcile(recomputed)).isZero();

    assertThat(warehouse.snapshot("signal_hourly", "bucket_start")).isEqualTo(hourly);
    assertThat(warehouse.snapshot("signal_daily", "bucket_start")).isEqualTo(daily);
    assertThat(warehouse.rows("SELECT revision FROM signal_hourly ORDER BY bucket_start"))
        .containsExactly(Map.of("revision", 6), Map.of("revision", 1));
  }

  private int reconcile(List<SignalRollup> rows) throws Exception {
    try (Connection c = warehouse.connection().open("devicetrail-test")) {
      c.setAutoCommit(false);
      int written = new RollupReconcileWriter(WarehouseDialect.postgres()).write(c, rows);
      c.commit();
      return written;
    }
  }

  /** What the oracle computes: no arrival history (late 0, lateness 0), revision 1. */
  private static SignalRollup recomputed(SignalRollup r) {
    return new SignalRollup(
        r.tier(),
        r.deviceId(),
        r.tenantId(),
        r.bucketStart(),
        r.readings(),
        r.expectedReadings(),
        r.rssiMin(),
        r.rssiMax(),
        r.rssiAvg(),
        r.rssiP10(),
        r.rssiP50(),
        r.rssiP90(),
        r.snrAvg(),
        r.cellsSeen(),
        r.cellChanges(),
        r.batteryMinMv(),
        r.longestGapS(),
        0,
        0,
        1,
        r.isFinal(),
        r.updatedAt());
  }

  private static SignalRollup withAverage(SignalRollup r, double rssiAvg) {
    return new SignalRollup(
        r.tier(),
        r.deviceId(),
        r.tenantId(),
        r.bucketStart(),
        r.readings(),
        r.expectedReadings(),
        r.rssiMin(),
        r.rssiMax(),
        rssiAvg,
        r.rssiP10(),
        r.rssiP50(),
        r.rssiP90(),
        r.snrAvg(),
        r.cellsSeen(),
        r.cellChanges(),
        r.batteryMinMv(),
        r.longestGapS(),
        r.lateReadings(),
        r.maxLatenessS(),
        r.revision(),
        r.isFinal(),
        r.updatedAt());
  }
}
