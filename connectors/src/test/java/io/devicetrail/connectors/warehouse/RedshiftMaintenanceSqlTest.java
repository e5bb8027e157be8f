package io.devicetrail.connectors.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The exact SQL the Redshift dialect generates for the maintenance commands (retention, reconcile);
 * the stand-in runs the same text but for the locks and the reclaim statements (see {@link
 * RollupReconcileTest}, and the maintenance module's retention tests).
 */
class RedshiftMaintenanceSqlTest {

  private final RedshiftDialect redshift = WarehouseDialect.redshift();

  @Test
  void aReconcileBatchPrunesRowsWithEqualDataCarriesTheStoredRevisionThenMerges() {
    StagedBatch batch = redshift.reconcile(WarehouseTables.SIGNAL_DAILY);

    assertThat(batch.prepare())
        .containsExactly(
            "LOCK signal_daily", "CREATE TEMP TABLE signal_daily_stage (LIKE signal_daily)");
    assertThat(batch.apply()).hasSize(3);
    assertThat(batch.apply().get(0))
        .isEqualTo(
            new SqlStep(
                """
                DELETE FROM signal_daily_stage USING signal_daily
                WHERE signal_daily.device_id = signal_daily_stage.device_id \
                AND signal_daily.bucket_start = signal_daily_stage.bucket_start
                AND signal_daily.bucket_start BETWEEN ? AND ?
                AND signal_daily.tenant_id = signal_daily_stage.tenant_id
                AND signal_daily.readings = signal_daily_stage.readings
                AND (signal_daily.expected_readings = signal_daily_stage.expected_readings \
                OR (signal_daily.expected_readings IS NULL \
                AND signal_daily_stage.expected_readings IS NULL))
                AND signal_daily.rssi_min = signal_daily_stage.rssi_min
                AND signal_daily.rssi_max = signal_daily_stage.rssi_max
                AND ABS(signal_daily.rssi_avg - signal_daily_stage.rssi_avg) <= 0.000000001
                AND signal_daily.rssi_p10 = signal_daily_stage.rssi_p10
                AND signal_daily.rssi_p50 = signal_daily_stage.rssi_p50
                AND signal_daily.rssi_p90 = signal_daily_stage.rssi_p90
                AND (ABS(signal_daily.snr_avg - signal_daily_stage.snr_avg) <= 0.000000001 \
                OR (signal_daily.snr_avg IS NULL AND signal_daily_stage.snr_avg IS NULL))
                AND signal_daily.cells_seen = signal_daily_stage.cells_seen
                AND signal_daily.cell_changes = signal_daily_stage.cell_changes
                AND (signal_daily.battery_min_mv = signal_daily_stage.battery_min_mv \
                OR (signal_daily.battery_min_mv IS NULL \
                AND signal_daily_stage.battery_min_mv IS NULL))
                AND signal_daily.longest_gap_s = signal_daily_stage.longest_gap_s""",
                true));
    assertThat(batch.apply().get(1))
        .isEqualTo(
            new SqlStep(
                """
                UPDATE signal_daily_stage SET revision = signal_daily.revision + 1, \
                late_readings = signal_daily.late_readings, \
                max_lateness_s = signal_daily.max_lateness_s
                FROM signal_daily
                WHERE signal_daily.device_id = signal_daily_stage.device_id \
                AND signal_daily.bucket_start = signal_daily_stage.bucket_start
                AND signal_daily.bucket_start BETWEEN ? AND ?""",
                true));
    assertThat(batch.apply().get(2))
        .isEqualTo(SqlStep.plain(redshift.merge(WarehouseTables.SIGNAL_DAILY)));
    assertThat(batch.cleanup()).containsExactly("DROP TABLE signal_daily_stage");
  }

  @Test
  void aRetentionBatchLocksTheTableThenDeletesOneTimeRange() {
    assertThat(redshift.deleteTimeRange("signal_raw", "ts"))
        .containsExactly("LOCK signal_raw", "DELETE FROM signal_raw WHERE ts >= ? AND ts < ?");
    assertThat(redshift.oldestBefore("signal_hourly", "bucket_start"))
        .isEqualTo("SELECT MIN(bucket_start) FROM signal_hourly WHERE bucket_start < ?");
    assertThat(redshift.summaryBefore("activity_event", "ts"))
        .isEqualTo("SELECT COUNT(*), MIN(ts), MAX(ts) FROM activity_event WHERE ts < ?");
  }

  @Test
  void afterALargeDeleteRedshiftVacuumsDeletedRowsOnlyThenAnalyzes() {
    assertThat(redshift.reclaimAfterDelete("signal_raw"))
        .containsExactly("VACUUM DELETE ONLY signal_raw", "ANALYZE signal_raw");
    assertThat(WarehouseDialect.postgres().reclaimAfterDelete("signal_raw"))
        .containsExactly("VACUUM (ANALYZE) signal_raw");
  }

  @Test
  void namesThatAreNotPlainIdentifiersAreRefused() {
    assertThatThrownBy(() -> redshift.deleteTimeRange("signal_raw; DROP TABLE x", "ts"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Not a table or column name");
    assertThatThrownBy(() -> redshift.reclaimAfterDelete("Signal_Raw"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
