package io.devicetrail.maintenance.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.junit.LocalServicesExtension;
import io.devicetrail.maintenance.Cli;
import io.devicetrail.sql.Migrations;
import io.devicetrail.sql.WarehouseFlavor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The warehouse tiers' retention on the stand-in, through the command as a CronJob runs it. */
@ExtendWith(LocalServicesExtension.class)
class WarehouseRetentionTest {

  private static final Instant NOW = Instant.parse("2026-11-26T12:34:56Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path work;
  private LocalPostgres postgres;
  private String database;
  private Path passwordFile;

  @BeforeEach
  void warehouseWithRowsOfEveryAge(LocalPostgres postgres) throws Exception {
    this.postgres = postgres;
    this.database = "wh_retention_" + Long.toHexString(System.nanoTime());
    postgres.createDatabaseIfMissing(database);
    Migrations.migrateWarehouse(
        postgres.jdbcUrl(database), postgres.user(), postgres.password(), WarehouseFlavor.POSTGRES);
    passwordFile = Files.writeString(work.resolve("password"), postgres.password());
    try (Connection c = postgres.connect(database);
        Statement s = c.createStatement()) {
      for (Duration age :
          List.of(
              Duration.ofDays(1),
              Duration.ofDays(7).minusMinutes(1),
              Duration.ofDays(7).plusHours(1),
              Duration.ofDays(8),
              Duration.ofDays(30))) {
        s.execute(
            "INSERT INTO signal_raw (device_id, tenant_id, ts, rssi_dbm, fetched_at) VALUES"
                + " ('d-"
                + age.toHours()
                + "', 'acme', '"
                + NOW.minus(age)
                + "', -80, now())");
      }
      for (int days : List.of(34, 36)) {
        s.execute(
            rollup(
                "signal_hourly",
                NOW.minus(Duration.ofDays(days)).truncatedTo(java.time.temporal.ChronoUnit.HOURS)));
      }
      for (int days : List.of(399, 401)) {
        s.execute(
            rollup(
                "signal_daily",
                NOW.minus(Duration.ofDays(days)).truncatedTo(java.time.temporal.ChronoUnit.DAYS)));
        s.execute(
            "INSERT INTO activity_event (device_id, tenant_id, event_id, ts, type, outcome,"
                + " fetched_at) VALUES ('d1', 'acme', 'evt-"
                + days
                + "', '"
                + NOW.minus(Duration.ofDays(days))
                + "', 'REBOOT', 'OK', now())");
      }
    }
  }

  @Test
  void aDryRunPrintsWhatWouldGoAndDeletesNothing() throws Exception {
    List<String> before = everyRow();

    Cli.Run run = Cli.run(CLOCK, args("--dry-run"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains(
            "warehouse signal_raw: would delete 3 rows with ts before 2026-11-19T12:00:00Z"
                + " (from 2026-10-27T12:34:56Z to 2026-11-19T11:34:56Z)")
        .contains(
            "warehouse signal_hourly: would delete 1 rows with bucket_start before 2026-10-22T12:00:00Z")
        .contains(
            "warehouse signal_daily: would delete 1 rows with bucket_start before 2025-10-22T00:00:00Z")
        .contains(
            "warehouse activity_event: would delete 1 rows with ts before 2025-10-22T12:00:00Z");
    assertThat(everyRow()).isEqualTo(before);
  }

  @Test
  void eachTierLosesExactlyItsRowsPastRetentionInBoundedBatches() throws Exception {
    Cli.Run run = Cli.run(CLOCK, args("--delete-batch", "PT1H", "--reclaim-after-rows", "3"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains(
            "warehouse signal_raw: deleted 3 rows with ts before 2026-11-19T12:00:00Z in 3 batches;"
                + " space reclaimed, statistics refreshed")
        .contains(
            "warehouse signal_hourly: deleted 1 rows with bucket_start before 2026-10-22T12:00:00Z in 1 batches\n")
        .contains("warehouse signal_daily: deleted 1 rows");
    assertThat(strings("SELECT ts FROM signal_raw ORDER BY ts"))
        .containsExactly(
            NOW.minus(Duration.ofDays(7).minusMinutes(1)).toString(),
            NOW.minus(Duration.ofDays(1)).toString());
    assertThat(strings("SELECT bucket_start FROM signal_hourly"))
        .containsExactly("2026-10-23T12:00:00Z");
    assertThat(strings("SELECT bucket_start FROM signal_daily"))
        .containsExactly("2025-10-23T00:00:00Z");
    assertThat(strings("SELECT event_id FROM activity_event")).containsExactly("evt-399");
  }

  @Test
  void retentionPeriodsAreConfigurable() throws Exception {
    Cli.Run run = Cli.run(CLOCK, args("--signal-raw", "P2D", "--signal-daily", "P1000D"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(strings("SELECT ts FROM signal_raw"))
        .containsExactly(NOW.minus(Duration.ofDays(1)).toString());
    assertThat(strings("SELECT count(*) FROM signal_daily")).containsExactly("2");
  }

  @Test
  void aSecondRunChangesNothing() throws Exception {
    assertThat(Cli.run(CLOCK, args()).exitCode()).isZero();
    List<String> after = everyRow();

    Cli.Run second = Cli.run(CLOCK, args());

    assertThat(second.exitCode()).isZero();
    assertThat(second.output().lines().filter(l -> l.startsWith("warehouse")))
        .hasSize(4)
        .allMatch(l -> l.contains(": nothing before "));
    assertThat(everyRow()).isEqualTo(after);
  }

  private String[] args(String... extra) {
    List<String> args = new ArrayList<>();
    args.add("retention");
    args.add("--skip-support");
    args.add("--warehouse-jdbc-url=" + postgres.jdbcUrl(database));
    args.add("--warehouse-user=" + postgres.user());
    args.add("--warehouse-password-file=" + passwordFile);
    args.add("--warehouse-flavor=postgres");
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  private static String rollup(String table, Instant bucketStart) {
    return "INSERT INTO "
        + table
        + " (device_id, tenant_id, bucket_start, readings, rssi_min, rssi_max, rssi_avg, rssi_p10,"
        + " rssi_p50, rssi_p90, cells_seen, cell_changes, longest_gap_s, late_readings,"
        + " max_lateness_s, revision, is_final, updated_at) VALUES ('d1', 'acme', '"
        + bucketStart
        + "', 1, -80, -80, -80, -80, -80, -80, 0, 0, 0, 0, 0, 1, true, now())";
  }

  /** Every row of the four tables with the transaction that wrote it: equal only if untouched. */
  private List<String> everyRow() throws Exception {
    List<String> rows = new ArrayList<>();
    for (String table : List.of("signal_raw", "signal_hourly", "signal_daily", "activity_event")) {
      rows.add(table);
      rows.addAll(strings("SELECT xmin::text || ' ' || t::text FROM " + table + " t ORDER BY 1"));
    }
    return rows;
  }

  private List<String> strings(String sql) throws Exception {
    List<String> values = new ArrayList<>();
    try (Connection c = postgres.connect(database);
        Statement s = c.createStatement()) {
      s.execute("SET TIME ZONE 'UTC'");
      try (ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          Object v = rs.getObject(1);
          values.add(
              v instanceof java.sql.Timestamp t ? t.toInstant().toString() : String.valueOf(v));
        }
      }
    }
    return values;
  }
}
