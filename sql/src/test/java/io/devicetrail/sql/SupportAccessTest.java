package io.devicetrail.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.PostgresOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The support database's roles and row-level security (V4), used the way the support pages and the
 * job use them: login users that are members of the group roles, the client's tenant set per
 * transaction. Every relation is found in the catalog, so a table or view added later is covered
 * without editing this test.
 */
class SupportAccessTest {

  private static final String DB = "support_access";
  private static final String ACME = "acme";
  private static final String GLOBEX = "globex";

  @TempDir static Path dataDir;
  private static LocalPostgres postgres;
  private static LoginUser pages;
  private static LoginUser job;
  private static Set<String> relations;
  private static Set<String> tables;

  @BeforeAll
  static void migrateAndFill() throws Exception {
    postgres = LocalPostgres.start(dataDir, PostgresOptions.fastForTests());
    postgres.createDatabaseIfMissing(DB);
    Migrations.migrateSupport(postgres.jdbcUrl(DB), postgres.user(), postgres.password());
    pages =
        LoginUser.create(
            postgres, "support_pages", false, "devicetrail_client", "devicetrail_support");
    job = LoginUser.create(postgres, "job", true, "devicetrail_loader");
    try (Connection c = postgres.connect(DB);
        Statement s = c.createStatement()) {
      for (String tenant : new String[] {ACME, GLOBEX}) {
        for (int i = 1; i <= 3; i++) {
          String device = tenant + "-" + i;
          s.execute(
              "INSERT INTO device (device_id, tenant_id, config_version, updated_at, fetched_at)"
                  + " VALUES ('"
                  + device
                  + "', '"
                  + tenant
                  + "', 1, now(), now())");
          s.execute(
              "INSERT INTO device_latest (device_id, tenant_id, last_reading_ts, rssi_dbm,"
                  + " updated_at) VALUES ('"
                  + device
                  + "', '"
                  + tenant
                  + "', now(), -80, now())");
          s.execute(
              "INSERT INTO signal_recent (device_id, ts, tenant_id, rssi_dbm, fetched_at)"
                  + " SELECT '"
                  + device
                  + "', now() - n * interval '5 minutes', '"
                  + tenant
                  + "', -80 - n, now() FROM generate_series(0, 9) n");
          s.execute(
              "INSERT INTO activity_recent (event_id, device_id, tenant_id, ts, type, outcome,"
                  + " fetched_at) VALUES ('"
                  + device
                  + ":CONNECT:1', '"
                  + device
                  + "', '"
                  + tenant
                  + "', now(), 'CONNECT', 'OK', now())");
        }
      }
      relations = Catalogs.relations(c);
      tables = new java.util.TreeSet<>(relations);
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
  void theCatalogHoldsTheContractsTablesAndViews() {
    assertThat(relations)
        .containsExactlyInAnyOrder(
            "device",
            "device_latest",
            "device_status",
            "signal_recent",
            "activity_recent",
            "device_site_history");
  }

  @Test
  void aClientSessionSeesOnlyItsTenantsRowsInEveryTableAndView() throws Exception {
    Map<String, Long> acmeRows = rowsPerRelation(ACME);
    try (Connection c = pages.connect(DB)) {
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
  void aClientSessionWithoutTheTenantSettingSeesNothing() throws Exception {
    try (Connection c = pages.connect(DB);
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
  void theTenantSettingAndTheRoleEndWithTheTransaction() throws Exception {
    // The pages' connections are pooled: the next request on the same connection must start
    // from nothing, not from the previous request's tenant.
    try (Connection c = pages.connect(DB);
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      Rows.actAsClientOf(c, GLOBEX);
      assertThat(Rows.count(c, "device", "true")).isEqualTo(3);
      c.commit();

      s.execute("SET LOCAL ROLE devicetrail_client");
      assertThat(Rows.count(c, "device", "true")).isZero();
      c.commit();

      assertThatThrownBy(() -> Rows.count(c, "device", "true"))
          .as("the NOINHERIT login user itself reads nothing")
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
      c.rollback();
    }
  }

  @Test
  void supportSeesEveryTenantsRowsInEveryTableAndView() throws Exception {
    Map<String, Long> allRows = rowsPerRelation(null);
    try (Connection c = pages.connect(DB);
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("SET LOCAL ROLE devicetrail_support");
      for (String relation : relations) {
        assertThat(Rows.count(c, relation, "true")).as(relation).isEqualTo(allRows.get(relation));
        assertThat(Rows.count(c, relation, "tenant_id = '" + GLOBEX + "'"))
            .as(relation)
            .isPositive();
      }
      c.commit();
    }
  }

  @Test
  void clientAndSupportCannotWriteAnyTable() throws Exception {
    for (String role : new String[] {"devicetrail_client", "devicetrail_support"}) {
      for (String table : tables) {
        for (String write : Rows.writes(table)) {
          try (Connection c = pages.connect(DB);
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
  void theLoaderRunsTheJobsWritesForEveryTenant() throws Exception {
    try (Connection c = job.connect(DB);
        Statement s = c.createStatement()) {
      // The shapes of the connectors' postgres sinks: forward-only upserts and insert-if-absent.
      s.executeUpdate(
          "INSERT INTO device AS cur (device_id, tenant_id, config_version, updated_at, fetched_at)"
              + " VALUES ('globex-1', 'globex', 2, now() + interval '1 minute', now())"
              + " ON CONFLICT (device_id) DO UPDATE SET config_version = EXCLUDED.config_version,"
              + " updated_at = EXCLUDED.updated_at WHERE cur.updated_at < EXCLUDED.updated_at");
      s.executeUpdate(
          "INSERT INTO device_latest AS cur (device_id, tenant_id, last_reading_ts, rssi_dbm,"
              + " updated_at) VALUES ('acme-1', 'acme', now() + interval '1 minute', -70, now())"
              + " ON CONFLICT (device_id) DO UPDATE SET last_reading_ts = EXCLUDED.last_reading_ts,"
              + " rssi_dbm = EXCLUDED.rssi_dbm WHERE cur.last_reading_ts < EXCLUDED.last_reading_ts");
      int first =
          s.executeUpdate(
              "INSERT INTO signal_recent (device_id, ts, tenant_id, rssi_dbm, fetched_at)"
                  + " VALUES ('acme-9', now(), 'acme', -90, now()) ON CONFLICT DO NOTHING");
      s.executeUpdate(
          "INSERT INTO activity_recent (event_id, device_id, tenant_id, ts, type, outcome,"
              + " fetched_at) VALUES ('globex-1:REBOOT:1', 'globex-1', 'globex', now(), 'REBOOT',"
              + " 'OK', now()) ON CONFLICT DO NOTHING");

      assertThat(first).isEqualTo(1);
    }
    try (Connection c = postgres.connect(DB)) {
      assertThat(Rows.count(c, "device", "device_id = 'globex-1' AND config_version = 2")).isOne();
      assertThat(Rows.count(c, "device_latest", "device_id = 'acme-1' AND rssi_dbm = -70")).isOne();
      assertThat(Rows.count(c, "activity_recent", "event_id = 'globex-1:REBOOT:1'")).isOne();
    }
  }

  @Test
  void theLoaderCanNeitherDeleteNorReadTheAppendOnlyTables() throws Exception {
    for (String table : tables) {
      try (Connection c = job.connect(DB);
          Statement s = c.createStatement()) {
        assertThatThrownBy(() -> s.executeUpdate("DELETE FROM " + table))
            .as(table)
            .hasMessageContaining("permission denied");
      }
    }
    for (String table : new String[] {"signal_recent", "activity_recent"}) {
      try (Connection c = job.connect(DB)) {
        assertThatThrownBy(() -> Rows.count(c, table, "true"))
            .as(table)
            .hasMessageContaining("permission denied");
      }
    }
  }

  @Test
  void everyTableHasRowLevelSecurityAndEveryViewRunsWithTheReadersRights() throws Exception {
    try (Connection c = postgres.connect(DB)) {
      assertThat(Catalogs.rlsTables(c)).containsAll(tables);
      assertThat(Catalogs.securityInvokerViews(c)).isEqualTo(Catalogs.views(c));
      // Partitions, tables added later: whatever the client may read at all is filtered.
      assertThat(Catalogs.readableWithoutRowSecurity(c, "devicetrail_client")).isEmpty();
    }
  }

  @Test
  void everyTableAndPartitionForcesRowLevelSecurity() throws Exception {
    try (Connection c = postgres.connect(DB);
        Statement s = c.createStatement();
        java.sql.ResultSet rs =
            s.executeQuery(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"
                    + " AND c.relname <> 'flyway_schema_history'"
                    + " AND NOT (c.relrowsecurity AND c.relforcerowsecurity)")) {
      java.util.List<String> unforced = new java.util.ArrayList<>();
      while (rs.next()) {
        unforced.add(rs.getString(1));
      }
      assertThat(unforced).isEmpty();
    }
  }

  /**
   * With FORCE, the tables' owner (a plain user, as in production) reads through its own policy
   * only: a view it owns that forgot security_invoker shows a client nothing, where it used to show
   * every tenant; a partition named directly shows a client only its tenant.
   */
  @Test
  void aViewTheOwnerForgotToMakeSecurityInvokerShowsAClientNothing() throws Exception {
    String db = "support_owned";
    LoginUser owner = LoginUser.create(postgres, "support_owner", true);
    try (Connection c = postgres.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db + " OWNER support_owner");
    }
    Migrations.migrateSupport(postgres.jdbcUrl(db), owner.name(), owner.password());
    try (Connection c = postgres.connect(db);
        Statement s = c.createStatement()) {
      for (String tenant : new String[] {ACME, GLOBEX}) {
        s.execute(
            "INSERT INTO device (device_id, tenant_id, config_version, updated_at, fetched_at)"
                + " VALUES ('"
                + tenant
                + "-1', '"
                + tenant
                + "', 1, now(), now())");
        s.execute(
            "INSERT INTO signal_recent (device_id, ts, tenant_id, rssi_dbm, fetched_at) VALUES ('"
                + tenant
                + "-1', '2001-01-01T00:00:00Z', '"
                + tenant
                + "', -80, now())");
      }
    }
    try (Connection c = owner.connect(db);
        Statement s = c.createStatement()) {
      s.execute("CREATE VIEW leaky AS SELECT * FROM device");
      s.execute("GRANT SELECT ON leaky TO devicetrail_client");
      assertThat(Rows.count(c, "device", "true")).as("the owner reads its tables").isEqualTo(2);
      assertThat(Rows.count(c, "device_site_history", "true")).isEqualTo(2);
    }
    try (Connection c = pages.connect(db)) {
      c.setAutoCommit(false);
      Rows.actAsClientOf(c, ACME);
      assertThat(Rows.count(c, "leaky", "true")).isZero();
      assertThat(Rows.count(c, "signal_recent_default", "true")).isOne();
      assertThat(Rows.count(c, "signal_recent_default", "tenant_id <> '" + ACME + "'")).isZero();
      c.commit();
    }
  }

  private static Map<String, Long> rowsPerRelation(String tenant) throws SQLException {
    Map<String, Long> rows = new LinkedHashMap<>();
    try (Connection c = postgres.connect(DB)) {
      for (String relation : relations) {
        rows.put(
            relation,
            Rows.count(c, relation, tenant == null ? "true" : "tenant_id = '" + tenant + "'"));
      }
    }
    return rows;
  }
}
