package io.devicetrail.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.PostgresOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warehouse stand-in's roles and row-level security (V3): the analyst reads everything, a
 * client session only its tenant (tables, the view, and signal_series), and the loader runs the
 * statement shapes of the connectors' warehouse sinks and nothing more.
 */
class WarehouseAccessTest {

  private static final String DB = "warehouse_access";
  private static final String ACME = "acme";
  private static final String GLOBEX = "globex";

  @TempDir static Path dataDir;
  private static LocalPostgres postgres;
  private static LoginUser reader;
  private static LoginUser loader;
  private static Set<String> relations;
  private static Set<String> tables;

  @BeforeAll
  static void migrateAndFill() throws Exception {
    postgres = LocalPostgres.start(dataDir, PostgresOptions.fastForTests());
    postgres.createDatabaseIfMissing(DB);
    Migrations.migrateWarehouse(
        postgres.jdbcUrl(DB), postgres.user(), postgres.password(), WarehouseFlavor.POSTGRES);
    reader =
        LoginUser.create(postgres, "reports", false, "devicetrail_client", "devicetrail_analyst");
    loader = LoginUser.create(postgres, "warehouse_sink", true, "devicetrail_loader");
    try (Connection c = postgres.connect(DB);
        Statement s = c.createStatement()) {
      for (String tenant : new String[] {ACME, GLOBEX}) {
        for (int i = 1; i <= 2; i++) {
          String device = "'" + tenant + "-" + i + "', '" + tenant + "'";
          s.execute(
              "INSERT INTO signal_raw (device_id, tenant_id, ts, rssi_dbm, fetched_at)"
                  + " SELECT "
                  + device
                  + ", now() - n * interval '10 minutes', -80, now()"
                  + " FROM generate_series(0, 5) n");
          for (String tier : new String[] {"signal_hourly", "signal_daily"}) {
            s.execute(
                "INSERT INTO "
                    + tier
                    + " (device_id, tenant_id, bucket_start, readings,"
                    + " rssi_min, rssi_max, rssi_avg, rssi_p10, rssi_p50, rssi_p90, cells_seen,"
                    + " cell_changes, longest_gap_s, late_readings, max_lateness_s, revision,"
                    + " is_final, updated_at) VALUES ("
                    + device
                    + ", date_trunc('day', now())"
                    + " - interval '20 days', 6, -90, -70, -80, -88, -80, -72, 1, 0, 600, 0, 0,"
                    + " 1, true, now())");
          }
          s.execute(
              "INSERT INTO activity_event (device_id, tenant_id, event_id, ts, type, outcome,"
                  + " fetched_at) VALUES ("
                  + device
                  + ", '"
                  + tenant
                  + "-"
                  + i
                  + ":CONNECT:1', now(), 'CONNECT', 'OK', now())");
          s.execute(
              "INSERT INTO dim_device_change (device_id, valid_from, tenant_id, config_version)"
                  + " VALUES ('"
                  + tenant
                  + "-"
                  + i
                  + "', now() - interval '30 days', '"
                  + tenant
                  + "', 1)");
          s.execute(
              "INSERT INTO dim_device (device_id, tenant_id, config_version, valid_from,"
                  + " is_current) VALUES ("
                  + device
                  + ", 1, now() - interval '30 days', true)");
        }
      }
      relations = Catalogs.relations(c);
      tables = new TreeSet<>(relations);
      tables.removeAll(Catalogs.views(c));
    }
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void theCatalogHoldsTheContractsTablesAndTheSeriesView() {
    assertThat(relations)
        .containsExactlyInAnyOrder(
            "signal_raw",
            "signal_hourly",
            "signal_daily",
            "activity_event",
            "dim_device",
            "dim_device_change",
            "signal_series_all");
  }

  @Test
  void aClientSessionSeesOnlyItsTenantsRowsInEveryTableAndView() throws Exception {
    Map<String, Long> acmeRows = rowsPerRelation("tenant_id = '" + ACME + "'");
    try (Connection c = reader.connect(DB)) {
      c.setAutoCommit(false);
      Rows.actAsClientOf(c, ACME);
      for (String relation : relations) {
        assertThat(Rows.count(c, relation, "tenant_id <> '" + ACME + "'"))
            .as("rows of another tenant in %s", relation)
            .isZero();
        assertThat(Rows.count(c, relation, "true"))
            .as("own rows in %s", relation)
            .isEqualTo(acmeRows.get(relation))
            .isPositive();
      }
      c.commit();
    }
  }

  @Test
  void signalSeriesGivesAClientNothingOfAnotherTenantEvenWhenAskedByName() throws Exception {
    try (Connection c = reader.connect(DB)) {
      c.setAutoCommit(false);
      Rows.actAsClientOf(c, ACME);
      assertThat(series(c, GLOBEX, "globex-1")).isZero();
      assertThat(series(c, ACME, "acme-1")).isEqualTo(6);
      c.commit();
    }
  }

  @Test
  void aClientSessionWithoutTheTenantSettingSeesNothing() throws Exception {
    try (Connection c = reader.connect(DB);
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("SET LOCAL ROLE devicetrail_client");
      for (String relation : relations) {
        assertThat(Rows.count(c, relation, "true")).as(relation).isZero();
      }
      c.commit();
    }
  }

  @Test
  void theAnalystReadsEveryTenantsRows() throws Exception {
    Map<String, Long> allRows = rowsPerRelation("true");
    try (Connection c = reader.connect(DB);
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("SET LOCAL ROLE devicetrail_analyst");
      for (String relation : relations) {
        assertThat(Rows.count(c, relation, "true")).as(relation).isEqualTo(allRows.get(relation));
      }
      assertThat(series(c, GLOBEX, "globex-1")).isEqualTo(6);
      c.commit();
    }
  }

  @Test
  void clientAndAnalystCannotWriteAnyTable() throws Exception {
    for (String role : new String[] {"devicetrail_client", "devicetrail_analyst"}) {
      for (String table : tables) {
        for (String write : Rows.writes(table)) {
          try (Connection c = reader.connect(DB);
              Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SET LOCAL ROLE " + role);
            assertThatThrownBy(() -> s.executeUpdate(write))
                .as("%s: %s", role, write)
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("permission denied");
            c.rollback();
          }
        }
      }
    }
  }

  @Test
  void theLoaderRunsTheSinksStageAndMergeStatements() throws Exception {
    try (Connection c = loader.connect(DB);
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      // Insert-if-absent (signal_raw; activity_event and dim_device_change alike).
      s.execute("CREATE TEMP TABLE signal_raw_stage (LIKE signal_raw)");
      s.execute(
          "INSERT INTO signal_raw_stage (device_id, tenant_id, ts, rssi_dbm, fetched_at)"
              + " SELECT device_id, tenant_id, ts, rssi_dbm, fetched_at FROM signal_raw"
              + " WHERE device_id = 'globex-2' UNION ALL"
              + " SELECT 'globex-2', 'globex', now() + interval '1 second', -99, now()");
      s.execute(
          "DELETE FROM signal_raw_stage USING signal_raw WHERE signal_raw.device_id ="
              + " signal_raw_stage.device_id AND signal_raw.ts = signal_raw_stage.ts");
      int inserted = s.executeUpdate("INSERT INTO signal_raw SELECT * FROM signal_raw_stage");
      s.execute("DROP TABLE signal_raw_stage");
      // Revision-guarded MERGE (signal_hourly, signal_daily).
      s.execute("CREATE TEMP TABLE signal_daily_stage (LIKE signal_daily)");
      s.execute(
          "INSERT INTO signal_daily_stage SELECT * FROM signal_daily WHERE device_id = 'acme-1'");
      s.execute("UPDATE signal_daily_stage SET revision = revision + 1, rssi_avg = -81");
      s.execute(
          "MERGE INTO signal_daily USING signal_daily_stage AS s ON signal_daily.device_id ="
              + " s.device_id AND signal_daily.bucket_start = s.bucket_start"
              + " WHEN MATCHED THEN UPDATE SET rssi_avg = s.rssi_avg, revision = s.revision"
              + " WHEN NOT MATCHED THEN INSERT (device_id, tenant_id, bucket_start, readings,"
              + " rssi_min, rssi_max, rssi_avg, rssi_p10, rssi_p50, rssi_p90, cells_seen,"
              + " cell_changes, longest_gap_s, late_readings, max_lateness_s, revision, is_final,"
              + " updated_at) VALUES (s.device_id, s.tenant_id, s.bucket_start, s.readings,"
              + " s.rssi_min, s.rssi_max, s.rssi_avg, s.rssi_p10, s.rssi_p50, s.rssi_p90,"
              + " s.cells_seen, s.cell_changes, s.longest_gap_s, s.late_readings,"
              + " s.max_lateness_s, s.revision, s.is_final, s.updated_at)");
      // dim_device: a new version (identity key), the old one closed, a merged one deleted.
      s.execute(
          "INSERT INTO dim_device (device_id, tenant_id, config_version, valid_from, is_current)"
              + " VALUES ('acme-2', 'acme', 2, now(), false)");
      s.execute(
          "UPDATE dim_device SET valid_to = now(), is_current = false"
              + " WHERE device_id = 'acme-2' AND valid_to IS NULL AND config_version = 1");
      s.execute(
          "UPDATE dim_device SET is_current = true WHERE device_id = 'acme-2' AND config_version = 2");
      long deleted = s.executeUpdate("DELETE FROM dim_device WHERE device_id = 'globex-2'");
      c.commit();

      assertThat(inserted).isOne();
      assertThat(deleted).isOne();
    }
    try (Connection c = postgres.connect(DB)) {
      assertThat(Rows.count(c, "signal_daily", "device_id = 'acme-1' AND revision = 2")).isOne();
      assertThat(Rows.count(c, "dim_device", "device_id = 'acme-2' AND is_current")).isOne();
    }
  }

  @Test
  void theLoaderCannotDeleteWhatItOnlyAppendsTo() throws Exception {
    Set<String> appendOnly = new TreeSet<>(tables);
    appendOnly.remove("dim_device"); // versions merge, so its writer deletes
    for (String table : appendOnly) {
      try (Connection c = loader.connect(DB);
          Statement s = c.createStatement()) {
        assertThatThrownBy(() -> s.executeUpdate("DELETE FROM " + table))
            .as(table)
            .hasMessageContaining("permission denied");
      }
    }
  }

  @Test
  void whateverAClientMayReadIsFilteredByTenant() throws Exception {
    try (Connection c = postgres.connect(DB)) {
      assertThat(Catalogs.rlsTables(c)).isEqualTo(tables);
      assertThat(Catalogs.securityInvokerViews(c)).isEqualTo(Catalogs.views(c));
      assertThat(Catalogs.readableWithoutRowSecurity(c, "devicetrail_client")).isEmpty();
    }
  }

  private static long series(Connection c, String tenant, String device) throws SQLException {
    try (var ps =
        c.prepareStatement(
            "SELECT count(*) FROM signal_series(?, ?, now() - interval '1 day', now())")) {
      ps.setString(1, tenant);
      ps.setString(2, device);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static Map<String, Long> rowsPerRelation(String where) throws SQLException {
    Map<String, Long> rows = new LinkedHashMap<>();
    try (Connection c = postgres.connect(DB)) {
      for (String relation : relations) {
        rows.put(relation, Rows.count(c, relation, where));
      }
    }
    return rows;
  }
}
