package io.devicetrail.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.devicetrail.connectors.postgres.PostgresPassword;
import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.EventCodec;
import io.devicetrail.events.SignalReading;
import io.devicetrail.events.Topics;
import io.devicetrail.sql.Migrations;
import io.devicetrail.sql.WarehouseFlavor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure mid-stream: the warehouse goes away under the running job (its rollup table is
 * renamed), the job fails and restarts from its last checkpoint by itself, the warehouse comes
 * back; at the end the warehouse is identical to an uninterrupted run's over the same Kafka data.
 */
class WarehouseRestartTest {

  private static final List<String> TABLES =
      List.of("signal_hourly", "signal_daily", "signal_raw", "dim_device");

  @TempDir Path dir;

  @Test
  void aRunThatFailedAndRecoveredWritesTheSameWarehouseAsAnUninterruptedRun() throws Exception {
    try (JobHarness harness = new JobHarness(dir)) {
      List<SignalReading> readings = TestFleet.readings(30, 240);
      // Two halves in time: the failing run sees the second half only once its warehouse is gone,
      // so the failure lands mid-stream, after a checkpoint, whatever the machine's speed.
      // Every device reads at the same instants: the 121st of 240 splits them all.
      Instant middle = readings.get(120).ts();
      List<Object[]> firstHalf = new ArrayList<>();
      List<Object[]> secondHalf = new ArrayList<>();
      for (SignalReading r : readings) {
        (r.ts().isBefore(middle) ? firstHalf : secondHalf)
            .add(new Object[] {r.deviceId(), EventCodec.encode(r)});
      }
      List<Object[]> devices = new ArrayList<>();
      for (DeviceSnapshot d : TestFleet.snapshots(30)) {
        devices.add(new Object[] {d.deviceId(), EventCodec.encode(d)});
      }
      harness.produceAll(Topics.DEVICE, devices);
      harness.produceAll(Topics.SIGNAL, firstHalf);

      // TestFleet's devices report every 5 minutes.
      Settled settled = Settled.of(readings, Duration.ofMinutes(5), devices.size());
      Map<String, List<String>> recovered =
          run(harness, "b", settled, () -> harness.produceAll(Topics.SIGNAL, secondHalf));
      Map<String, List<String>> uninterrupted = run(harness, "a", settled, null);

      assertThat(uninterrupted.get("signal_hourly")).hasSizeGreaterThan(30 * 10);
      assertThat(recovered).isEqualTo(uninterrupted);
    }
  }

  /**
   * Runs the job over the topics into fresh databases. With {@code failing} set, the warehouse's
   * rollup table is taken away once the job has written rows and completed a checkpoint, then
   * {@code failing} runs (it produces more data, so the job must write and fails), and the table
   * comes back once the job is restarting.
   */
  private Map<String, List<String>> run(
      JobHarness harness, String name, Settled settled, Runnable failing) throws Exception {
    String user = harness.services.postgres().user();
    String pw = harness.services.postgres().password();
    harness.services.postgres().createDatabaseIfMissing("support_" + name);
    harness.services.postgres().createDatabaseIfMissing("warehouse_" + name);
    String support = harness.services.postgres().jdbcUrl("support_" + name);
    String warehouse = harness.services.postgres().jdbcUrl("warehouse_" + name);
    Migrations.migrateSupport(support, user, pw);
    Migrations.migrateWarehouse(warehouse, user, pw, WarehouseFlavor.POSTGRES);
    JobSettings settings =
        harness.settings().toBuilder()
            .kafka(harness.services.kafka().bootstrapServers(), "restart-" + name)
            .archive(harness.archivePath + "-" + name, 2)
            .support(support, user, PostgresPassword.of(pw))
            .warehouse(warehouse, user, PostgresPassword.of(pw), WarehouseFlavor.POSTGRES)
            .checkpointInterval(Duration.ofSeconds(1))
            .build();
    LocalJobRunner runner =
        new LocalJobRunner(
            pluginsDir(),
            dir.resolve("checkpoints-" + name),
            new LocalJobRunner.S3Endpoint(
                harness.services.s3().endpoint(),
                harness.services.s3().accessKey(),
                harness.services.s3().secretKey()),
            2);
    JobClient job =
        runner.start(
            ProductionWiring.sources(settings), ProductionWiring.sinks(settings), settings);
    try {
      if (failing != null) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    count(warehouse, user, pw, "SELECT count(*) FROM signal_hourly") > 0
                        && runner.latestCheckpoint().isPresent());
        execute(warehouse, user, pw, "ALTER TABLE signal_hourly RENAME TO signal_hourly_away");
        failing.run();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    job.getJobStatus().get() == JobStatus.RESTARTING
                        || job.getJobStatus().get() == JobStatus.INITIALIZING
                        || job.getJobStatus().get() == JobStatus.CREATED);
        execute(warehouse, user, pw, "ALTER TABLE signal_hourly_away RENAME TO signal_hourly");
      }
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> settled.reachedBy(warehouse, user, pw));
      assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
      return snapshot(warehouse, user, pw);
    } finally {
      LocalJobRunner.cancel(job, Duration.ofSeconds(60));
    }
  }

  private static Path pluginsDir() {
    return Path.of(System.getProperty("devicetrail.build.directory", "target"), "plugins")
        .toAbsolutePath();
  }

  /**
   * What the warehouse holds once the job has processed every reading, whatever the machine's
   * speed: every reading in signal_raw; every reading of a closed bucket counted in its hourly and
   * daily row (a bucket closes when the device's newest reading plus its reporting interval reaches
   * the bucket's end; the newest day stays open for longer than the test runs); every device in
   * dim_device. A run that lost or doubled a reading never gets here, or not only here.
   */
  private record Settled(long raw, long hourly, long daily, int devices) {

    static Settled of(List<SignalReading> readings, Duration interval, int devices) {
      Map<String, Instant> closedBefore = new HashMap<>();
      for (SignalReading r : readings) {
        closedBefore.merge(r.deviceId(), r.ts().plus(interval), (a, b) -> a.isAfter(b) ? a : b);
      }
      long hourly = 0;
      long daily = 0;
      for (SignalReading r : readings) {
        Instant end = closedBefore.get(r.deviceId());
        if (!r.ts().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)).isAfter(end)) {
          hourly++;
        }
        if (!r.ts().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)).isAfter(end)) {
          daily++;
        }
      }
      return new Settled(readings.size(), hourly, daily, devices);
    }

    boolean reachedBy(String url, String user, String pw) throws Exception {
      return count(url, user, pw, "SELECT count(*) FROM signal_raw") == raw
          && count(url, user, pw, "SELECT coalesce(sum(readings), 0) FROM signal_hourly") == hourly
          && count(url, user, pw, "SELECT coalesce(sum(readings), 0) FROM signal_daily") == daily
          && count(url, user, pw, "SELECT count(*) FROM dim_device") == devices;
    }
  }

  /**
   * Every row of every warehouse table as text, without the columns that record wall-clock time.
   */
  private static Map<String, List<String>> snapshot(String url, String user, String pw)
      throws Exception {
    Map<String, List<String>> tables = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(url, user, pw);
        Statement s = c.createStatement()) {
      for (String table : TABLES) {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
              String column = md.getColumnName(i);
              if (column.equals("updated_at") || column.equals("device_key")) {
                continue;
              }
              row.append(column).append('=').append(rs.getString(i)).append(' ');
            }
            rows.add(row.toString());
          }
        }
        rows.sort(null);
        tables.put(table, rows);
      }
    }
    return tables;
  }

  private static long count(String url, String user, String pw, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, pw);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void execute(String url, String user, String pw, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, pw);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
