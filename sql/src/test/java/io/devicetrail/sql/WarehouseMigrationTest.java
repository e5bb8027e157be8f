package io.devicetrail.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.PostgresOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** The warehouse's stand-in migrations on a real PostgreSQL, through the runner Redshift uses. */
class WarehouseMigrationTest {

  private static final List<String> ROLLUP_COLUMNS =
      List.of(
          "device_id character varying(128) not null",
          "tenant_id character varying(512) not null",
          "bucket_start timestamp with time zone not null",
          "readings integer not null",
          "expected_readings integer",
          "rssi_min double precision not null",
          "rssi_max double precision not null",
          "rssi_avg double precision not null",
          "rssi_p10 double precision not null",
          "rssi_p50 double precision not null",
          "rssi_p90 double precision not null",
          "snr_avg double precision",
          "cells_seen integer not null",
          "cell_changes integer not null",
          "battery_min_mv integer",
          "longest_gap_s integer not null",
          "late_readings integer not null",
          "max_lateness_s integer not null",
          "revision integer not null",
          "is_final boolean not null",
          "updated_at timestamp with time zone not null");

  private static final List<String> DEVICE_ATTRIBUTES =
      List.of(
          "tenant_id character varying(512) not null",
          "model character varying(256)",
          "firmware character varying(256)",
          "config_version integer not null",
          "reporting_interval_s integer",
          "site character varying(256)");

  /** CONTRACT §5, column by column, plus the one table we add (dim_device_change). */
  private static final Map<String, List<String>> CONTRACT_COLUMNS =
      Map.of(
          "signal_raw",
          List.of(
              "device_id character varying(128) not null",
              "tenant_id character varying(512) not null",
              "ts timestamp with time zone not null",
              "rssi_dbm double precision not null",
              "snr_db double precision",
              "rsrp_dbm double precision",
              "rsrq_db double precision",
              "cell_id character varying(256)",
              "lat double precision",
              "lon double precision",
              "battery_mv integer",
              "fetched_at timestamp with time zone not null"),
          "signal_hourly",
          ROLLUP_COLUMNS,
          "signal_daily",
          ROLLUP_COLUMNS,
          "activity_event",
          List.of(
              "device_id character varying(128) not null",
              "tenant_id character varying(512) not null",
              "event_id character varying(1024) not null",
              "ts timestamp with time zone not null",
              "type character varying(64) not null",
              "outcome character varying(16) not null",
              "detail jsonb",
              "fetched_at timestamp with time zone not null"),
          "dim_device",
          concat(
              List.of(
                  "device_key bigint not null identity",
                  "device_id character varying(128) not null"),
              DEVICE_ATTRIBUTES,
              List.of(
                  "valid_from timestamp with time zone not null",
                  "valid_to timestamp with time zone",
                  "is_current boolean not null")),
          "dim_device_change",
          concat(
              List.of(
                  "device_id character varying(128) not null",
                  "valid_from timestamp with time zone not null"),
              DEVICE_ATTRIBUTES));

  @TempDir static Path dataDir;
  private static LocalPostgres postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = LocalPostgres.start(dataDir, PostgresOptions.fastForTests());
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void migratingAFreshStandInCreatesTheContractTablesColumnsAndKeys() throws Exception {
    postgres.createDatabaseIfMissing("warehouse_fresh");

    MigrationOutcome outcome =
        Migrations.migrateWarehouse(
            postgres.jdbcUrl("warehouse_fresh"),
            postgres.user(),
            postgres.password(),
            WarehouseFlavor.POSTGRES);

    assertThat(outcome)
        .isEqualTo(
            new MigrationOutcome(
                null,
                MigrationScripts.latestWarehouseVersion(WarehouseFlavor.POSTGRES),
                MigrationScripts.warehouseHistory(WarehouseFlavor.POSTGRES).size()));
    try (Connection c = postgres.connect("warehouse_fresh")) {
      assertThat(WarehouseSchema.columns(c)).isEqualTo(CONTRACT_COLUMNS);
      assertThat(WarehouseSchema.primaryKeys(c))
          .isEqualTo(
              Map.of(
                  "signal_raw", List.of("device_id", "ts"),
                  "signal_hourly", List.of("device_id", "bucket_start"),
                  "signal_daily", List.of("device_id", "bucket_start"),
                  "activity_event", List.of("event_id"),
                  "dim_device", List.of("device_key"),
                  "dim_device_change", List.of("device_id", "valid_from")));
      assertThat(WarehouseSchema.history(c))
          .startsWith("1 V1__warehouse_tables.sql")
          .isEqualTo(MigrationScripts.warehouseHistory(WarehouseFlavor.POSTGRES));
    }
  }

  @Test
  void theStandInEnforcesTheTypeTwoInvariantsRedshiftOnlyDeclares() throws Exception {
    postgres.createDatabaseIfMissing("warehouse_invariants");
    Migrations.migrateWarehouse(
        postgres.jdbcUrl("warehouse_invariants"),
        postgres.user(),
        postgres.password(),
        WarehouseFlavor.POSTGRES);

    try (Connection c = postgres.connect("warehouse_invariants")) {
      assertThat(WarehouseSchema.indexes(c).get("dim_device"))
          .anyMatch(
              def ->
                  def.startsWith("CREATE UNIQUE INDEX")
                      && def.endsWith("(device_id) WHERE is_current"))
          .anyMatch(
              def ->
                  def.startsWith("CREATE UNIQUE INDEX") && def.endsWith("(device_id, valid_from)"));
      try (Statement s = c.createStatement()) {
        s.execute(
            "INSERT INTO dim_device (device_id, tenant_id, config_version, valid_from, is_current)"
                + " VALUES ('dev-1', 'acme', 1, '2026-11-26T10:00:00Z', true)");
        assertThatThrownBy(
                () ->
                    s.execute(
                        "INSERT INTO dim_device"
                            + " (device_id, tenant_id, config_version, valid_from, is_current)"
                            + " VALUES ('dev-1', 'acme', 2, '2026-11-26T11:00:00Z', true)"))
            .hasMessageContaining("dim_device_current_idx");
      }
    }
  }

  @Test
  void migratingTwiceIsANoOp() throws Exception {
    postgres.createDatabaseIfMissing("warehouse_twice");
    String url = postgres.jdbcUrl("warehouse_twice");
    Migrations.migrateWarehouse(
        url, postgres.user(), postgres.password(), WarehouseFlavor.POSTGRES);
    Map<String, List<String>> before;
    try (Connection c = postgres.connect("warehouse_twice")) {
      before = WarehouseSchema.columns(c);
    }

    MigrationOutcome second =
        Migrations.migrateWarehouse(
            url, postgres.user(), postgres.password(), WarehouseFlavor.POSTGRES);

    String latest = MigrationScripts.latestWarehouseVersion(WarehouseFlavor.POSTGRES);
    assertThat(second).isEqualTo(new MigrationOutcome(latest, latest, 0));
    try (Connection c = postgres.connect("warehouse_twice")) {
      assertThat(WarehouseSchema.columns(c)).isEqualTo(before);
      assertThat(WarehouseSchema.history(c))
          .isEqualTo(MigrationScripts.warehouseHistory(WarehouseFlavor.POSTGRES));
    }
  }

  @Test
  void anAppliedMigrationWhoseScriptChangedFailsTheRunAndNamesIt() throws Exception {
    postgres.createDatabaseIfMissing("warehouse_edited");
    String url = postgres.jdbcUrl("warehouse_edited");
    Migrations.migrateWarehouse(
        url, postgres.user(), postgres.password(), WarehouseFlavor.POSTGRES);
    try (Connection c = postgres.connect("warehouse_edited");
        Statement s = c.createStatement()) {
      // What the history holds after someone edits V1 and reapplies elsewhere: another checksum.
      s.execute("UPDATE warehouse_schema_history SET checksum = checksum + 1 WHERE version = 1");
    }

    assertThatThrownBy(
            () ->
                Migrations.migrateWarehouse(
                    url, postgres.user(), postgres.password(), WarehouseFlavor.POSTGRES))
        .isInstanceOf(WarehouseMigrationException.class)
        .hasMessageContaining("V1__warehouse_tables.sql")
        .hasMessageContaining("never edit an applied migration");
  }

  @Test
  void aFailingConnectionNamesTheWarehouseButNeverThePassword() {
    String secret = "not-the-password-" + System.nanoTime();

    assertThatThrownBy(
            () ->
                Migrations.migrateWarehouse(
                    postgres.jdbcUrl("postgres"),
                    postgres.user(),
                    secret,
                    WarehouseFlavor.POSTGRES))
        .isInstanceOf(WarehouseMigrationException.class)
        .hasMessageContaining(postgres.jdbcUrl("postgres"))
        .hasMessageNotContaining(secret);
  }

  @Test
  void aUrlOfTheOtherFlavourIsRefusedBeforeConnecting() {
    assertThatThrownBy(
            () ->
                Migrations.migrateWarehouse(
                    postgres.jdbcUrl("postgres"),
                    postgres.user(),
                    postgres.password(),
                    WarehouseFlavor.REDSHIFT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must start with jdbc:redshift:");
  }

  @Test
  void dataSourceVariantMigratesTheSameSchema() throws Exception {
    postgres.createDatabaseIfMissing("warehouse_data_source");
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(postgres.jdbcUrl("warehouse_data_source"));
    dataSource.setUser(postgres.user());
    dataSource.setPassword(postgres.password());

    MigrationOutcome outcome = Migrations.migrateWarehouse(dataSource, WarehouseFlavor.POSTGRES);

    assertThat(outcome.applied())
        .isEqualTo(MigrationScripts.warehouseHistory(WarehouseFlavor.POSTGRES).size());
    try (Connection c = postgres.connect("warehouse_data_source")) {
      assertThat(WarehouseSchema.columns(c)).isEqualTo(CONTRACT_COLUMNS);
    }
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    Stream.of(parts).forEach(all::addAll);
    return List.copyOf(all);
  }
}
