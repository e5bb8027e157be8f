package io.devicetrail.connectors.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exact SQL the Redshift dialect generates: the only check of it we can make without a Redshift
 * cluster. Everything but the Redshift-only parts runs for real on the stand-in (see {@link
 * PostgresDialectTest} for what must stay identical).
 */
class RedshiftDialectSqlTest {

  private final RedshiftDialect redshift = WarehouseDialect.redshift();

  @Test
  void aRawBatchLocksStagesPrunesStoredReadingsInsertsTheRestAndDropsTheStage() {
    StagedBatch batch = redshift.insertIfAbsent(WarehouseTables.SIGNAL_RAW);

    assertThat(batch.prepare())
        .containsExactly("LOCK signal_raw", "CREATE TEMP TABLE signal_raw_stage (LIKE signal_raw)");
    assertThat(redshift.insertValues(batch.stage(), WarehouseTables.SIGNAL_RAW.columns(), 2))
        .isEqualTo(
            """
            INSERT INTO signal_raw_stage (device_id, tenant_id, ts, rssi_dbm, snr_db, rsrp_dbm, \
            rsrq_db, cell_id, lat, lon, battery_mv, fetched_at) VALUES
            (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?),
            (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
    assertThat(batch.apply())
        .containsExactly(
            new SqlStep(
                """
                DELETE FROM signal_raw_stage USING signal_raw
                WHERE signal_raw.device_id = signal_raw_stage.device_id \
                AND signal_raw.ts = signal_raw_stage.ts
                AND signal_raw.ts BETWEEN ? AND ?""",
                true),
            new SqlStep(
                """
                INSERT INTO signal_raw (device_id, tenant_id, ts, rssi_dbm, snr_db, rsrp_dbm, \
                rsrq_db, cell_id, lat, lon, battery_mv, fetched_at)
                SELECT device_id, tenant_id, ts, rssi_dbm, snr_db, rsrp_dbm, rsrq_db, cell_id, \
                lat, lon, battery_mv, fetched_at FROM signal_raw_stage""",
                false));
    assertThat(batch.cleanup()).containsExactly("DROP TABLE signal_raw_stage");
  }

  @Test
  void aRollupBatchGuardsTheStageByRevisionThenMergesIt() {
    StagedBatch batch = redshift.newerRevisionWins(WarehouseTables.SIGNAL_HOURLY);

    assertThat(batch.prepare())
        .containsExactly(
            "LOCK signal_hourly", "CREATE TEMP TABLE signal_hourly_stage (LIKE signal_hourly)");
    assertThat(batch.apply())
        .containsExactly(
            new SqlStep(
                """
                DELETE FROM signal_hourly_stage USING signal_hourly
                WHERE signal_hourly.device_id = signal_hourly_stage.device_id \
                AND signal_hourly.bucket_start = signal_hourly_stage.bucket_start
                AND signal_hourly.bucket_start BETWEEN ? AND ?
                AND (signal_hourly.is_final OR signal_hourly.revision > signal_hourly_stage.revision \
                OR (signal_hourly.revision = signal_hourly_stage.revision \
                AND NOT signal_hourly_stage.is_final))""",
                true),
            new SqlStep(
                """
                MERGE INTO signal_hourly USING signal_hourly_stage AS s
                ON signal_hourly.device_id = s.device_id \
                AND signal_hourly.bucket_start = s.bucket_start
                WHEN MATCHED THEN UPDATE SET tenant_id = s.tenant_id, readings = s.readings, \
                expected_readings = s.expected_readings, rssi_min = s.rssi_min, \
                rssi_max = s.rssi_max, rssi_avg = s.rssi_avg, rssi_p10 = s.rssi_p10, \
                rssi_p50 = s.rssi_p50, rssi_p90 = s.rssi_p90, snr_avg = s.snr_avg, \
                cells_seen = s.cells_seen, cell_changes = s.cell_changes, \
                battery_min_mv = s.battery_min_mv, longest_gap_s = s.longest_gap_s, \
                late_readings = s.late_readings, max_lateness_s = s.max_lateness_s, \
                revision = s.revision, is_final = s.is_final, updated_at = s.updated_at
                WHEN NOT MATCHED THEN INSERT (device_id, tenant_id, bucket_start, readings, \
                expected_readings, rssi_min, rssi_max, rssi_avg, rssi_p10, rssi_p50, rssi_p90, \
                snr_avg, cells_seen, cell_changes, battery_min_mv, longest_gap_s, late_readings, \
                max_lateness_s, revision, is_final, updated_at) VALUES (s.device_id, s.tenant_id, \
                s.bucket_start, s.readings, s.expected_readings, s.rssi_min, s.rssi_max, \
                s.rssi_avg, s.rssi_p10, s.rssi_p50, s.rssi_p90, s.snr_avg, s.cells_seen, \
                s.cell_changes, s.battery_min_mv, s.longest_gap_s, s.late_readings, \
                s.max_lateness_s, s.revision, s.is_final, s.updated_at)""",
                false));
    assertThat(batch.cleanup()).containsExactly("DROP TABLE signal_hourly_stage");
  }

  @Test
  void dailyRollupsGoToTheirOwnTableAndStage() {
    StagedBatch batch = redshift.newerRevisionWins(WarehouseTables.SIGNAL_DAILY);

    assertThat(batch.prepare())
        .containsExactly(
            "LOCK signal_daily", "CREATE TEMP TABLE signal_daily_stage (LIKE signal_daily)");
    assertThat(batch.apply().get(1).sql())
        .startsWith("MERGE INTO signal_daily USING signal_daily_stage AS s\n");
  }

  @Test
  void activityDetailsAreParsedIntoSuperAndStoredEventsFoundByIdAlone() {
    StagedBatch batch = redshift.insertIfAbsent(WarehouseTables.ACTIVITY_EVENT);

    assertThat(redshift.insertValues(batch.stage(), WarehouseTables.ACTIVITY_EVENT.columns(), 1))
        .isEqualTo(
            """
            INSERT INTO activity_event_stage (device_id, tenant_id, event_id, ts, type, outcome, \
            detail, fetched_at) VALUES
            (?, ?, ?, ?, ?, ?, JSON_PARSE(?), ?)""");
    assertThat(batch.apply().get(0).sql())
        .isEqualTo(
            """
            DELETE FROM activity_event_stage USING activity_event
            WHERE activity_event.event_id = activity_event_stage.event_id""");
    assertThat(batch.apply().get(0).bindsTimeRange()).isFalse();
  }

  @Test
  void dimDeviceRecordsObservationsUnderALockOnBothTablesAndReadsBackTheStagedDevices() {
    StagedBatch batch =
        redshift.insertIfAbsent(
            WarehouseTables.DIM_DEVICE_CHANGE, List.of("dim_device_change", "dim_device"));

    assertThat(batch.prepare())
        .containsExactly(
            "LOCK dim_device_change, dim_device",
            "CREATE TEMP TABLE dim_device_change_stage (LIKE dim_device_change)");
    assertThat(batch.apply())
        .extracting(SqlStep::sql)
        .containsExactly(
            """
            DELETE FROM dim_device_change_stage USING dim_device_change
            WHERE dim_device_change.device_id = dim_device_change_stage.device_id \
            AND dim_device_change.valid_from = dim_device_change_stage.valid_from""",
            """
            INSERT INTO dim_device_change (device_id, valid_from, tenant_id, model, firmware, \
            config_version, reporting_interval_s, site)
            SELECT device_id, valid_from, tenant_id, model, firmware, config_version, \
            reporting_interval_s, site FROM dim_device_change_stage""");
    assertThat(batch.apply()).noneMatch(SqlStep::bindsTimeRange);
    assertThat(redshift.selectObservationsOfStagedDevices())
        .isEqualTo(
            """
            SELECT device_id, valid_from, tenant_id, model, firmware, config_version, \
            reporting_interval_s, site FROM dim_device_change
            WHERE device_id IN (SELECT device_id FROM dim_device_change_stage)
            ORDER BY device_id, valid_from""");
    assertThat(redshift.selectVersionsOfStagedDevices())
        .isEqualTo(
            """
            SELECT device_key, device_id, tenant_id, model, firmware, config_version, \
            reporting_interval_s, site, valid_from, valid_to, is_current FROM dim_device
            WHERE device_id IN (SELECT device_id FROM dim_device_change_stage)
            ORDER BY device_id, valid_from""");
  }

  @Test
  void dimDeviceMovesVersionBoundsThroughAStageDistributedByDevice() {
    assertThat(redshift.createVersionBoundsStage())
        .isEqualTo(
            "CREATE TEMP TABLE dim_device_stage (device_key BIGINT, device_id VARCHAR(128),"
                + " valid_from TIMESTAMPTZ, valid_to TIMESTAMPTZ, is_current BOOLEAN)"
                + " DISTKEY (device_id)");
    assertThat(
            redshift.insertValues("dim_device_stage", WarehouseDialect.versionBoundsColumns(), 1))
        .isEqualTo(
            """
            INSERT INTO dim_device_stage (device_key, device_id, valid_from, valid_to, \
            is_current) VALUES
            (?, ?, ?, ?, ?)""");
    assertThat(redshift.updateVersionBoundsFromStage())
        .isEqualTo(
            """
            UPDATE dim_device SET valid_from = s.valid_from, valid_to = s.valid_to, \
            is_current = s.is_current
            FROM dim_device_stage AS s
            WHERE dim_device.device_id = s.device_id AND dim_device.device_key = s.device_key""");
    assertThat(redshift.insertValues("dim_device", WarehouseTables.DIM_DEVICE.columns(), 1))
        .isEqualTo(
            """
            INSERT INTO dim_device (device_id, tenant_id, model, firmware, config_version, \
            reporting_interval_s, site, valid_from, valid_to, is_current) VALUES
            (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
    assertThat(redshift.deleteVersions(3))
        .isEqualTo("DELETE FROM dim_device WHERE device_key IN (?, ?, ?)");
  }

  @Test
  void copyLoadsParquetFromAnS3PrefixWithAnIamRole() {
    assertThat(
            redshift.copyParquet(
                "signal_raw_stage",
                "s3://devicetrail-archive/archive/signal/date=2026-11-26/",
                "arn:aws:iam::123456789012:role/devicetrail-warehouse-load"))
        .isEqualTo(
            """
            COPY signal_raw_stage
            FROM 's3://devicetrail-archive/archive/signal/date=2026-11-26/'
            IAM_ROLE 'arn:aws:iam::123456789012:role/devicetrail-warehouse-load'
            FORMAT AS PARQUET""");
    assertThat(redshift.copyParquet("signal_raw_stage", "s3://bucket/p/", "default"))
        .contains("\nIAM_ROLE default\n");
  }

  @Test
  void anArchivePartitionLoadsOnlyCommittedFilesAndInsertsEachAbsentReadingOnce() {
    List<String> load =
        redshift.loadSignalRawFromArchive(
            "s3://devicetrail-archive/archive/",
            LocalDate.parse("2026-11-26"),
            "arn:aws:iam::123456789012:role/devicetrail-warehouse-load");

    assertThat(load)
        .containsExactly(
            "LOCK signal_raw",
            "CREATE TEMP TABLE signal_raw_stage (device_id VARCHAR(65535), tenant_id"
                + " VARCHAR(65535), ts TIMESTAMPTZ, rssi_dbm DOUBLE PRECISION, snr_db DOUBLE"
                + " PRECISION, rsrp_dbm DOUBLE PRECISION, rsrq_db DOUBLE PRECISION, cell_id"
                + " VARCHAR(65535), lat DOUBLE PRECISION, lon DOUBLE PRECISION, battery_mv INTEGER,"
                + " fetched_at TIMESTAMPTZ) DISTKEY (device_id)",
            """
            COPY signal_raw_stage
            FROM 's3://devicetrail-archive/archive/signal/date=2026-11-26/compacted-part'
            IAM_ROLE 'arn:aws:iam::123456789012:role/devicetrail-warehouse-load'
            FORMAT AS PARQUET""",
            """
            DELETE FROM signal_raw_stage USING signal_raw
            WHERE signal_raw.device_id = signal_raw_stage.device_id \
            AND signal_raw.ts = signal_raw_stage.ts
            AND signal_raw.ts >= CAST('2026-11-26 00:00:00+00' AS TIMESTAMPTZ) \
            AND signal_raw.ts < CAST('2026-11-27 00:00:00+00' AS TIMESTAMPTZ)""",
            """
            INSERT INTO signal_raw (device_id, tenant_id, ts, rssi_dbm, snr_db, rsrp_dbm, \
            rsrq_db, cell_id, lat, lon, battery_mv, fetched_at)
            SELECT %s FROM (SELECT device_id, tenant_id, ts, rssi_dbm, \
            snr_db, rsrp_dbm, rsrq_db, cell_id, lat, lon, battery_mv, fetched_at, ROW_NUMBER() \
            OVER (PARTITION BY device_id, ts ORDER BY fetched_at) AS copy_no FROM \
            signal_raw_stage) AS copies
            WHERE copy_no = 1"""
                .formatted(RedshiftDialect.cutToWidth(WarehouseTables.SIGNAL_RAW)),
            "DROP TABLE signal_raw_stage");
    // COPY from Parquet takes neither (Amazon: "COPY from columnar data formats").
    assertThat(load).noneMatch(sql -> sql.contains("TRUNCATECOLUMNS") || sql.contains("MAXERROR"));
    assertThat(RedshiftDialect.cutToWidth(WarehouseTables.SIGNAL_RAW))
        .startsWith(
            "CASE WHEN OCTET_LENGTH(device_id) <= 128 THEN device_id WHEN"
                + " OCTET_LENGTH(LEFT(device_id, 128)) <= 128 THEN LEFT(device_id, 128) ELSE"
                + " LEFT(device_id, 32) END AS device_id, ")
        .contains(", ts, rssi_dbm, ");
  }

  @Test
  void copyRefusesAnythingThatCouldBreakOutOfItsQuotedLiterals() {
    LocalDate day = LocalDate.parse("2026-11-26");
    String role = "arn:aws:iam::123456789012:role/loader";

    assertThatThrownBy(() -> redshift.loadSignalRawFromArchive("s3://bucket/it's", day, role))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Not an S3 URI");
    assertThatThrownBy(() -> redshift.loadSignalRawFromArchive("file:///data/archive", day, role))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                redshift.loadSignalRawFromArchive(
                    "s3://bucket/archive", day, "arn:aws:iam::123456789012:role/x' --"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Not an IAM role ARN");
  }

  @Test
  void multiRowInsertsStayWithinTheDriversParameterLimit() {
    int rollupColumns = WarehouseTables.SIGNAL_HOURLY.columns().size();

    assertThat(WarehouseDialect.rowsPerInsert(rollupColumns) * rollupColumns)
        .isLessThanOrEqualTo(WarehouseDialect.MAX_PARAMETERS);
    assertThat(WarehouseDialect.rowsPerInsert(rollupColumns)).isEqualTo(1000);
    assertThat(WarehouseDialect.rowsPerInsert(40)).isEqualTo(819);
  }
}
