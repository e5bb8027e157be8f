package io.devicetrail.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.PostgresOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

class SupportMigrationTest {

  /** CONTRACT §4, column by column; the few columns we add are marked. */
  private static final Map<String, List<String>> CONTRACT_COLUMNS =
      Map.of(
          "device",
          List.of(
              "device_id text not null",
              "tenant_id text not null",
              "model text",
              "firmware text",
              "config_version integer not null",
              "reporting_interval_s integer",
              "site text",
              "updated_at timestamp with time zone not null",
              "fetched_at timestamp with time zone not null"), // added: when the poller listed it
          "device_latest",
          List.of(
              "device_id text not null",
              "tenant_id text not null",
              "last_reading_ts timestamp with time zone",
              "rssi_dbm double precision",
              "snr_db double precision",
              "cell_id text",
              "lat double precision",
              "lon double precision",
              "battery_mv integer",
              "last_activity_ts timestamp with time zone",
              "last_activity_type text",
              "last_activity_outcome text",
              "last_activity_event_id text", // added: breaks ties between events with equal ts
              "learned_interval_s integer",
              "learned_upload_gap_s integer",
              "next_upload_due_at timestamp with time zone",
              "updated_at timestamp with time zone not null",
              "last_upload_at timestamp with time zone"), // added: the clock next_upload_due_at is
          // on
          "device_status",
          List.of(
              "device_id text",
              "tenant_id text",
              "last_reading_ts timestamp with time zone",
              "rssi_dbm double precision",
              "snr_db double precision",
              "cell_id text",
              "lat double precision",
              "lon double precision",
              "battery_mv integer",
              "last_activity_ts timestamp with time zone",
              "last_activity_type text",
              "last_activity_outcome text",
              "learned_interval_s integer",
              "learned_upload_gap_s integer",
              "next_upload_due_at timestamp with time zone",
              "last_upload_at timestamp with time zone",
              "updated_at timestamp with time zone",
              "status text"),
          "signal_recent",
          List.of(
              "device_id text not null",
              "ts timestamp with time zone not null",
              "tenant_id text not null",
              "rssi_dbm double precision not null",
              "snr_db double precision",
              "rsrp_dbm double precision",
              "rsrq_db double precision",
              "cell_id text",
              "lat double precision",
              "lon double precision",
              "battery_mv integer",
              "fetched_at timestamp with time zone not null"),
          "activity_recent",
          List.of(
              "event_id text not null",
              "device_id text not null",
              "tenant_id text not null",
              "ts timestamp with time zone not null",
              "type text not null",
              "outcome text not null",
              "detail jsonb",
              "fetched_at timestamp with time zone not null"),
          // added (issue 12): the sites each device has been at
          "device_site_history",
          List.of(
              "device_id text not null",
              "tenant_id text not null",
              "site text",
              "valid_from timestamp with time zone not null",
              "recorded_at timestamp with time zone not null"));

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
  void migratingAFreshDatabaseCreatesExactlyTheContractTablesAndColumns() throws Exception {
    postgres.createDatabaseIfMissing("fresh");

    MigrationOutcome outcome =
        Migrations.migrateSupport(postgres.jdbcUrl("fresh"), postgres.user(), postgres.password());

    assertThat(outcome.fromVersion()).isNull();
    assertThat(outcome.toVersion()).isEqualTo(SupportScripts.latestVersion());
    assertThat(outcome.applied()).isEqualTo(SupportScripts.count());
    try (Connection c = postgres.connect("fresh")) {
      assertThat(SupportSchema.columns(c)).isEqualTo(CONTRACT_COLUMNS);
      assertThat(SupportSchema.primaryKeys(c))
          .isEqualTo(
              Map.of(
                  "device", List.of("device_id"),
                  "device_latest", List.of("device_id"),
                  "signal_recent", List.of("device_id", "ts"),
                  // V5: a partitioned table's key contains its partition column
                  "activity_recent", List.of("event_id", "ts"),
                  "device_site_history", List.of("device_id", "valid_from")));
    }
  }

  @Test
  void supportPagesQueriesHaveIndexesPerDeviceAndPerTenant() throws Exception {
    postgres.createDatabaseIfMissing("indexed");
    Migrations.migrateSupport(postgres.jdbcUrl("indexed"), postgres.user(), postgres.password());

    try (Connection c = postgres.connect("indexed")) {
      Map<String, List<String>> indexes = SupportSchema.indexes(c);
      assertThat(indexes.get("signal_recent"))
          .anyMatch(def -> def.contains("(device_id, ts)"))
          .anyMatch(def -> def.contains("(tenant_id, ts DESC)"));
      assertThat(indexes.get("activity_recent"))
          .anyMatch(def -> def.contains("(device_id, ts DESC)"))
          .anyMatch(def -> def.contains("(tenant_id, ts DESC)"));
      assertThat(indexes.get("device")).anyMatch(def -> def.contains("(tenant_id, device_id)"));
      assertThat(indexes.get("device_latest"))
          .anyMatch(def -> def.contains("(tenant_id, device_id)"));
    }
  }

  @Test
  void migratingTwiceIsANoOp() throws Exception {
    postgres.createDatabaseIfMissing("twice");
    Migrations.migrateSupport(postgres.jdbcUrl("twice"), postgres.user(), postgres.password());
    Map<String, List<String>> columnsBefore;
    Map<String, List<String>> indexesBefore;
    try (Connection c = postgres.connect("twice")) {
      columnsBefore = SupportSchema.columns(c);
      indexesBefore = SupportSchema.indexes(c);
    }

    MigrationOutcome second =
        Migrations.migrateSupport(postgres.jdbcUrl("twice"), postgres.user(), postgres.password());

    assertThat(second.applied()).isZero();
    assertThat(second.fromVersion()).isEqualTo(SupportScripts.latestVersion());
    assertThat(second.toVersion()).isEqualTo(SupportScripts.latestVersion());
    try (Connection c = postgres.connect("twice")) {
      assertThat(SupportSchema.columns(c)).isEqualTo(columnsBefore);
      assertThat(SupportSchema.indexes(c)).isEqualTo(indexesBefore);
      assertThat(SupportSchema.appliedMigrations(c)).isEqualTo(SupportScripts.count());
    }
  }

  @Test
  void dataSourceVariantMigratesTheSameSchema() throws Exception {
    postgres.createDatabaseIfMissing("via_data_source");
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(postgres.jdbcUrl("via_data_source"));
    dataSource.setUser(postgres.user());
    dataSource.setPassword(postgres.password());

    MigrationOutcome outcome = Migrations.migrateSupport(dataSource);

    assertThat(outcome.applied()).isEqualTo(SupportScripts.count());
    try (Connection c = postgres.connect("via_data_source")) {
      assertThat(SupportSchema.columns(c)).isEqualTo(CONTRACT_COLUMNS);
    }
  }
}
