package io.devicetrail.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.PostgresOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V5 turns signal_recent and activity_recent into daily range partitions by ts, on a fresh database
 * and on one that already holds rows, grants, row-level security, comments and views.
 */
class SupportPartitioningMigrationTest {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

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
  void aFreshDatabaseGetsDailyPartitionsFromYesterdayToAWeekAheadAndADefault() throws Exception {
    postgres.createDatabaseIfMissing("fresh_partitions");
    Migrations.migrateSupport(
        postgres.jdbcUrl("fresh_partitions"), postgres.user(), postgres.password());
    try (Connection c = postgres.connect("fresh_partitions")) {
      LocalDate today = databaseToday(c);
      for (String table : List.of("signal_recent", "activity_recent")) {
        List<String> expected = new ArrayList<>();
        for (LocalDate d = today.minusDays(1); !d.isAfter(today.plusDays(7)); d = d.plusDays(1)) {
          expected.add(table + "_p" + d.format(DAY));
        }
        expected.add(table + "_default");
        assertThat(partitions(c, table)).as(table).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(strings(c, "SELECT pg_get_partkeydef('" + table + "'::regclass)"))
            .containsExactly("RANGE (ts)");
      }
      try (Statement s = c.createStatement()) {
        s.execute(
            "INSERT INTO signal_recent (device_id, ts, tenant_id, rssi_dbm, fetched_at) VALUES"
                + " ('d1', now(), 'acme', -80, now()),"
                + " ('d1', now() - interval '40 days', 'acme', -81, now())");
      }
      assertThat(
              strings(c, "SELECT tableoid::regclass::text FROM signal_recent ORDER BY ts DESC, 1"))
          .containsExactly("signal_recent_p" + today.format(DAY), "signal_recent_default");
    }
  }

  @Test
  void activityRecentIsKeyedByEventIdAndTsSoItsWriterStaysIdempotent() throws Exception {
    postgres.createDatabaseIfMissing("activity_key");
    Migrations.migrateSupport(
        postgres.jdbcUrl("activity_key"), postgres.user(), postgres.password());

    try (Connection c = postgres.connect("activity_key");
        Statement s = c.createStatement()) {
      for (int i = 0; i < 2; i++) {
        s.execute(
            "INSERT INTO activity_recent (event_id, device_id, tenant_id, ts, type, outcome,"
                + " fetched_at) VALUES ('evt-1', 'd1', 'acme', '2026-01-02T03:04:05Z', 'REBOOT',"
                + " 'OK', now()) ON CONFLICT (event_id, ts) DO NOTHING");
      }
      assertThat(strings(c, "SELECT count(*)::text FROM activity_recent")).containsExactly("1");
    }
  }

  @Test
  void upgradingKeepsRowsGrantsRowSecurityCommentsAndViews() throws Exception {
    postgres.createDatabaseIfMissing("upgrade");
    // A database as the versions before V5 left it, plus what an operator may have added.
    String beforePartitioning =
        String.valueOf(
            SupportScripts.versions().stream().filter(v -> v < 5).reduce(Math::max).orElseThrow());
    Flyway.configure()
        .locations(Migrations.SUPPORT_LOCATION)
        .target(beforePartitioning)
        .dataSource(postgres.jdbcUrl("upgrade"), postgres.user(), postgres.password())
        .load()
        .migrate();
    try (Connection c = postgres.connect("upgrade");
        Statement s = c.createStatement()) {
      s.execute("DROP ROLE IF EXISTS v5_test_client");
      s.execute("CREATE ROLE v5_test_client");
      s.execute(
          "INSERT INTO signal_recent (device_id, ts, tenant_id, rssi_dbm, fetched_at) VALUES"
              + " ('a1', now() - interval '3 days', 'acme', -70, now()),"
              + " ('b1', now() - interval '3 days', 'bolt', -71, now())");
      s.execute(
          "INSERT INTO activity_recent (event_id, device_id, tenant_id, ts, type, outcome,"
              + " fetched_at) VALUES ('evt-old', 'a1', 'acme', now() - interval '3 days',"
              + " 'REBOOT', 'OK', now())");
      s.execute("GRANT SELECT ON signal_recent, activity_recent TO v5_test_client");
      s.execute("ALTER TABLE signal_recent ENABLE ROW LEVEL SECURITY");
      s.execute(
          "CREATE POLICY v5_test_tenant ON signal_recent FOR SELECT TO v5_test_client"
              + " USING (tenant_id = current_setting('v5test.tenant'))");
      s.execute("COMMENT ON TABLE signal_recent IS 'every reading, 14 days'");
      s.execute("COMMENT ON COLUMN signal_recent.rssi_dbm IS 'received signal strength'");
      s.execute(
          "CREATE VIEW v5_test_signal WITH (security_invoker = true) AS"
              + " SELECT device_id, ts, rssi_dbm FROM signal_recent");
      s.execute("GRANT SELECT ON v5_test_signal TO v5_test_client");
    }

    Migrations.migrateSupport(postgres.jdbcUrl("upgrade"), postgres.user(), postgres.password());

    try (Connection c = postgres.connect("upgrade");
        Statement s = c.createStatement()) {
      LocalDate tomorrow = databaseToday(c).plusDays(1);
      assertThat(partitions(c, "signal_recent"))
          .contains("signal_recent_legacy", "signal_recent_default")
          .contains("signal_recent_p" + tomorrow.format(DAY));
      assertThat(
              strings(
                  c,
                  "SELECT pg_get_expr(relpartbound, oid) FROM pg_class"
                      + " WHERE relname = 'signal_recent_legacy'"))
          .singleElement()
          .asString()
          .startsWith("FOR VALUES FROM (MINVALUE) TO ('" + tomorrow);
      assertThat(strings(c, "SELECT device_id FROM signal_recent ORDER BY 1"))
          .containsExactly("a1", "b1");
      assertThat(strings(c, "SELECT event_id FROM activity_recent")).containsExactly("evt-old");
      assertThat(
              strings(
                  c,
                  "SELECT obj_description('signal_recent'::regclass, 'pg_class')"
                      + " || ' / ' || col_description('signal_recent'::regclass, 4)"))
          .containsExactly("every reading, 14 days / received signal strength");
      assertThat(
              strings(
                  c,
                  "SELECT relrowsecurity::text FROM pg_class WHERE oid = 'signal_recent'::regclass"))
          .containsExactly("true");

      s.execute(
          "INSERT INTO signal_recent (device_id, ts, tenant_id, rssi_dbm, fetched_at) VALUES"
              + " ('a2', now(), 'acme', -72, now()), ('b2', now(), 'bolt', -73, now())");
      s.execute("SET ROLE v5_test_client");
      s.execute("SET v5test.tenant = 'acme'");
      // The view now reads the partitioned table, through the client's grant and policy.
      assertThat(strings(c, "SELECT device_id FROM v5_test_signal ORDER BY 1"))
          .containsExactly("a1", "a2");
      assertThat(strings(c, "SELECT device_id FROM signal_recent ORDER BY 1"))
          .containsExactly("a1", "a2");
      // V6 gives every partition its parent's grants and policies: the old table, now a
      // partition, answers a client by name exactly as the partitioned table does.
      // (the old table holds every row up to tomorrow, so today's too)
      assertThat(strings(c, "SELECT device_id FROM signal_recent_legacy ORDER BY 1"))
          .containsExactly("a1", "a2");
      s.execute("RESET ROLE");
      assertThat(
              strings(
                  c,
                  "SELECT relforcerowsecurity::text FROM pg_class"
                      + " WHERE oid = 'signal_recent_legacy'::regclass"))
          .containsExactly("true");
    }
  }

  /** The database's UTC date, from which the migration created its first partitions. */
  private static LocalDate databaseToday(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT (now() AT TIME ZONE 'UTC')::date")) {
      r.next();
      return r.getObject(1, LocalDate.class);
    }
  }

  private static List<String> partitions(Connection c, String table) throws SQLException {
    return strings(
        c,
        "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = '"
            + table
            + "'::regclass");
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }
}
