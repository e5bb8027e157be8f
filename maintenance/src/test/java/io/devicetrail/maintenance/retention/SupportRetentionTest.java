package io.devicetrail.maintenance.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.junit.LocalServicesExtension;
import io.devicetrail.maintenance.Cli;
import io.devicetrail.sql.Migrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The support database's retention through daily partitions (migration V5), through the command as
 * a CronJob runs it. The migration creates partitions from the database's own today, so the tests
 * start from the database's clock and move a fixed clock forward from there where time must pass.
 */
@ExtendWith(LocalServicesExtension.class)
class SupportRetentionTest {

  @TempDir Path work;
  private LocalPostgres postgres;
  private String database;
  private Path passwordFile;
  private Instant now;
  private LocalDate today;

  @BeforeEach
  void migratedSupportDatabase(LocalPostgres postgres) throws Exception {
    this.postgres = postgres;
    this.database = "support_retention_" + Long.toHexString(System.nanoTime());
    postgres.createDatabaseIfMissing(database);
    Migrations.migrateSupport(postgres.jdbcUrl(database), postgres.user(), postgres.password());
    passwordFile = Files.writeString(work.resolve("password"), postgres.password());
    now = databaseNow();
    today = LocalDate.ofInstant(now, ZoneOffset.UTC);
  }

  @Test
  void daysWithinRetentionAndAWeekAheadGetPartitionsAndStrayRowsMoveIntoThem() throws Exception {
    insertReading("fresh", now);
    insertReading("late", now.minus(Duration.ofDays(5))); // before the migration's first day
    insertReading("ancient", now.minus(Duration.ofDays(20))); // past 14 days
    insertEvent("evt-late", now.minus(Duration.ofDays(25))); // within 30 days

    Cli.Run run = Cli.run(Clock.fixed(now, ZoneOffset.UTC), args());

    assertThat(run.exitCode()).as(run.output()).isZero();
    LocalDate fiveDaysAgo = today.minusDays(5);
    assertThat(run.output())
        .contains(
            "support signal_recent: deleted 1 rows with ts before "
                + now.minus(Duration.ofDays(14))
                + " from signal_recent_default")
        .contains(
            "support signal_recent: created partition "
                + Partition.dailyName("signal_recent", fiveDaysAgo)
                + " ["
                + fiveDaysAgo.atStartOfDay(ZoneOffset.UTC).toInstant()
                + ", "
                + fiveDaysAgo.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                + "), moved 1 rows from the default partition");
    assertThat(dailyPartitions("signal_recent"))
        .containsExactlyElementsOf(days("signal_recent", today.minusDays(14), today.plusDays(7)));
    assertThat(dailyPartitions("activity_recent"))
        .containsExactlyElementsOf(days("activity_recent", today.minusDays(30), today.plusDays(7)));
    assertThat(
            strings(
                "SELECT device_id || ' in ' || tableoid::regclass FROM signal_recent ORDER BY 1"))
        .containsExactly(
            "fresh in " + Partition.dailyName("signal_recent", today),
            "late in " + Partition.dailyName("signal_recent", fiveDaysAgo));
    assertThat(strings("SELECT event_id || ' in ' || tableoid::regclass FROM activity_recent"))
        .containsExactly(
            "evt-late in " + Partition.dailyName("activity_recent", today.minusDays(25)));
  }

  @Test
  void wholeDaysPastRetentionAreDroppedAndNewDaysCreatedAhead() throws Exception {
    insertReading("today", now);
    insertReading("in-a-week", now.plus(Duration.ofDays(7)));
    Instant later = now.plus(Duration.ofDays(20));

    Cli.Run run = Cli.run(Clock.fixed(later, ZoneOffset.UTC), args());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains(
            "support signal_recent: dropped partition "
                + Partition.dailyName("signal_recent", today)
                + " ["
                + today.atStartOfDay(ZoneOffset.UTC).toInstant()
                + ", "
                + today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                + ") with 1 rows");
    LocalDate laterDay = today.plusDays(20);
    // Kept: every day whose end is after later - 14 days, up to a week ahead of later.
    assertThat(dailyPartitions("signal_recent"))
        .containsExactlyElementsOf(
            days("signal_recent", laterDay.minusDays(14), laterDay.plusDays(7)));
    assertThat(strings("SELECT device_id FROM signal_recent")).containsExactly("in-a-week");
  }

  @Test
  void everyPartitionItCreatesForcesTheParentsRowSecurityWithItsPoliciesAndGrants()
      throws Exception {
    Instant later = now.plus(Duration.ofDays(20));

    Cli.Run run = Cli.run(Clock.fixed(later, ZoneOffset.UTC), args());

    assertThat(run.exitCode()).as(run.output()).isZero();
    String created = Partition.dailyName("signal_recent", today.plusDays(27));
    assertThat(dailyPartitions("signal_recent")).contains(created);
    for (String table : new String[] {"signal_recent", "activity_recent"}) {
      List<String> parentPolicies = policies(table);
      List<String> parentGrants = grants(table);
      assertThat(parentPolicies).contains("client_own_tenant", "owner_maintains");
      assertThat(parentGrants).contains("devicetrail_client SELECT");
      for (String partition : allPartitionsOf(table)) {
        assertThat(
                strings(
                    "SELECT relrowsecurity || ' ' || relforcerowsecurity FROM pg_class"
                        + " WHERE oid = '"
                        + partition
                        + "'::regclass"))
            .as("row security of %s", partition)
            .containsExactly("true true");
        assertThat(policies(partition)).as("policies of %s", partition).isEqualTo(parentPolicies);
        assertThat(grants(partition)).as("grants of %s", partition).isEqualTo(parentGrants);
      }
    }
  }

  private List<String> policies(String table) throws Exception {
    return strings(
        "SELECT polname FROM pg_policy WHERE polrelid = '" + table + "'::regclass ORDER BY 1");
  }

  private List<String> grants(String table) throws Exception {
    return strings(
        "SELECT a.grantee::regrole || ' ' || a.privilege_type FROM pg_class c,"
            + " aclexplode(c.relacl) a WHERE c.oid = '"
            + table
            + "'::regclass AND a.grantee <> c.relowner ORDER BY 1");
  }

  private List<String> allPartitionsOf(String table) throws Exception {
    return strings(
        "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = '"
            + table
            + "'::regclass ORDER BY 1");
  }

  @Test
  void aDryRunPrintsTheChangesAndMakesNone() throws Exception {
    insertReading("late", now.minus(Duration.ofDays(5)));
    List<String> partitionsBefore = allPartitions();
    List<String> rowsBefore =
        strings("SELECT device_id || ' in ' || tableoid::regclass FROM signal_recent");

    Cli.Run run =
        Cli.run(Clock.fixed(now.plus(Duration.ofDays(20)), ZoneOffset.UTC), args("--dry-run"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("Dry run: nothing is changed.")
        .contains(
            "support signal_recent: would drop partition "
                + Partition.dailyName("signal_recent", today))
        .contains("support signal_recent: would delete 1 rows with ts before")
        .contains(
            "support activity_recent: would create partition "
                + Partition.dailyName("activity_recent", today.plusDays(27)));
    assertThat(allPartitions()).isEqualTo(partitionsBefore);
    assertThat(strings("SELECT device_id || ' in ' || tableoid::regclass FROM signal_recent"))
        .isEqualTo(rowsBefore);
  }

  @Test
  void aSecondRunFindsNothingToDo() throws Exception {
    insertReading("late", now.minus(Duration.ofDays(5)));
    assertThat(Cli.run(Clock.fixed(now, ZoneOffset.UTC), args()).exitCode()).isZero();
    List<String> partitions = allPartitions();

    Cli.Run second = Cli.run(Clock.fixed(now, ZoneOffset.UTC), args());

    assertThat(second.exitCode()).isZero();
    assertThat(second.output())
        .contains("support signal_recent: nothing to do")
        .contains("support activity_recent: nothing to do");
    assertThat(allPartitions()).isEqualTo(partitions);
  }

  @Test
  void anUnpartitionedTableIsReportedAsAMissingMigration() throws Exception {
    String bare = database + "_bare";
    postgres.createDatabaseIfMissing(bare);
    try (Connection c = postgres.connect(bare);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE signal_recent (device_id text, ts timestamptz)");
    }

    Cli.Run run =
        Cli.run(
            "retention",
            "--skip-warehouse",
            "--support-jdbc-url=" + postgres.jdbcUrl(bare),
            "--support-user=" + postgres.user(),
            "--support-password-file=" + passwordFile);

    assertThat(run.exitCode()).isEqualTo(1);
  }

  /** The database's clock, which the migration used to create its first partitions. */
  private Instant databaseNow() throws Exception {
    try (Connection c = postgres.connect(database);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT date_trunc('second', now())")) {
      r.next();
      return r.getObject(1, OffsetDateTime.class).toInstant();
    }
  }

  private String[] args(String... extra) {
    List<String> args = new ArrayList<>();
    args.add("retention");
    args.add("--skip-warehouse");
    args.add("--support-jdbc-url=" + postgres.jdbcUrl(database));
    args.add("--support-user=" + postgres.user());
    args.add("--support-password-file=" + passwordFile);
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  private static List<String> days(String table, LocalDate first, LocalDate last) {
    List<String> names = new ArrayList<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      names.add(Partition.dailyName(table, d));
    }
    return names;
  }

  private void insertReading(String deviceId, Instant ts) throws Exception {
    try (Connection c = postgres.connect(database);
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO signal_recent (device_id, ts, tenant_id, rssi_dbm, fetched_at) VALUES ('"
              + deviceId
              + "', '"
              + ts
              + "', 'acme', -80, now())");
    }
  }

  private void insertEvent(String eventId, Instant ts) throws Exception {
    try (Connection c = postgres.connect(database);
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO activity_recent (event_id, device_id, tenant_id, ts, type, outcome,"
              + " fetched_at) VALUES ('"
              + eventId
              + "', 'd1', 'acme', '"
              + ts
              + "', 'REBOOT', 'OK', now())");
    }
  }

  private List<String> dailyPartitions(String table) throws Exception {
    return strings(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            + " WHERE i.inhparent = '"
            + table
            + "'::regclass AND c.relname ~ '_p[0-9]{8}$'"
            + " ORDER BY 1");
  }

  private List<String> allPartitions() throws Exception {
    return strings(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid ORDER BY 1");
  }

  private List<String> strings(String sql) throws Exception {
    List<String> values = new ArrayList<>();
    try (Connection c = postgres.connect(database);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }
}
