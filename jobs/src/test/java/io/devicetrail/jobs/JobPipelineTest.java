package io.devicetrail.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.events.DeadLetter;
import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.EventCodec;
import io.devicetrail.events.SignalReading;
import io.devicetrail.events.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a MiniCluster between real Kafka, S3 (s3proxy through the flink-s3-fs-hadoop plugin)
 * and PostgreSQL: good events land everywhere exactly once, bad ones become dead letters with their
 * reasons, and the job keeps running.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobPipelineTest {

  private static final int DEVICES = 40;
  private static final int PER_DEVICE = 50;

  @TempDir static Path dir;
  private JobHarness harness;
  private JobClient job;
  private List<SignalReading> readings;
  private List<DeviceActivity> activities;

  @BeforeAll
  void runPipeline() throws Exception {
    harness = new JobHarness(dir);
    readings = TestFleet.readings(DEVICES, PER_DEVICE);
    activities = TestFleet.activities(DEVICES);

    List<Object[]> signal = new ArrayList<>();
    readings.forEach(r -> signal.add(new Object[] {r.deviceId(), EventCodec.encode(r)}));
    // The poller re-publishes after a restart: the first 100 again.
    readings
        .subList(0, 100)
        .forEach(r -> signal.add(new Object[] {r.deviceId(), EventCodec.encode(r)}));
    signal.add(
        new Object[] {
          "dev-0001", "{\"schema\":\"signal.v1\",\"device_id\":".getBytes(StandardCharsets.UTF_8)
        });
    SignalReading loud = TestFleet.reading(1, TestFleet.FETCHED.minusSeconds(60), 12.0);
    signal.add(new Object[] {"dev-0001", EventCodec.encode(loud)});

    List<Object[]> activity = new ArrayList<>();
    activities.forEach(a -> activity.add(new Object[] {a.deviceId(), EventCodec.encode(a)}));
    List<Object[]> devices = new ArrayList<>();
    TestFleet.snapshots(DEVICES)
        .forEach(d -> devices.add(new Object[] {d.deviceId(), EventCodec.encode(d)}));

    harness.produceAll(Topics.SIGNAL, signal);
    harness.produceAll(Topics.ACTIVITY, activity);
    harness.produceAll(Topics.DEVICE, devices);

    job = harness.startJob();
    harness.awaitRows("SELECT count(*) FROM signal_recent", readings.size());
    harness.awaitRows("SELECT count(*) FROM activity_recent", activities.size());
    harness.awaitRows("SELECT count(*) FROM device", DEVICES);
    harness.awaitArchivedSignals(readings.size());
  }

  @AfterAll
  void stop() throws Exception {
    if (job != null) {
      JobHarness.cancel(job);
    }
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void everyReadingIsArchivedExactlyOnceWithEveryValue() {
    List<SignalReading> archived = harness.archive().signals();
    assertThat(archived).hasSameSizeAs(readings).containsExactlyInAnyOrderElementsOf(readings);
  }

  @Test
  void everyActivityIsArchivedExactlyOnce() throws Exception {
    harness.awaitRows("SELECT count(*) FROM activity_recent", activities.size());
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(60))
        .until(() -> harness.archive().activities().size() >= activities.size());
    assertThat(harness.archive().activities()).containsExactlyInAnyOrderElementsOf(activities);
  }

  @Test
  void signalRecentHoldsEveryReadingOnce() throws Exception {
    assertThat(harness.count("SELECT count(*) FROM signal_recent")).isEqualTo(readings.size());
    assertThat(harness.count("SELECT count(DISTINCT (device_id, ts)) FROM signal_recent"))
        .isEqualTo(readings.size());
  }

  @Test
  void deviceLatestIsTheNewestReadingOfEachDevice() throws Exception {
    Map<String, SignalReading> newest =
        readings.stream()
            .collect(
                Collectors.toMap(
                    SignalReading::deviceId,
                    Function.identity(),
                    (a, b) -> a.ts().isAfter(b.ts()) ? a : b));
    Map<String, Instant> lastTs = new HashMap<>();
    Map<String, Double> lastRssi = new HashMap<>();
    try (Connection c = harness.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT device_id, last_reading_ts, rssi_dbm, last_activity_type FROM device_latest")) {
      while (rs.next()) {
        lastTs.put(rs.getString(1), rs.getTimestamp(2).toInstant());
        lastRssi.put(rs.getString(1), rs.getDouble(3));
        assertThat(rs.getString(4)).isEqualTo("CONFIG_UPDATE");
      }
    }
    assertThat(lastTs).hasSize(DEVICES);
    newest.forEach(
        (device, r) -> {
          assertThat(lastTs.get(device)).as(device).isEqualTo(r.ts());
          assertThat(lastRssi.get(device)).as(device).isEqualTo(r.rssiDbm());
        });
  }

  @Test
  void malformedAndOutOfRangeMessagesAreDeadLetteredWithTheirReasons() {
    List<DeadLetter> dead = harness.deadLetters(2);
    assertThat(dead)
        .extracting(DeadLetter::rule)
        .containsExactlyInAnyOrder("json.malformed", "rssi_dbm.range");
    assertThat(dead)
        .allSatisfy(
            d -> {
              assertThat(d.stage()).isEqualTo("job.decode");
              assertThat(d.topic()).isEqualTo(Topics.SIGNAL);
              assertThat(d.offset()).isNotNull();
              assertThat(d.payload()).isNotBlank();
            });
    assertThat(dead)
        .filteredOn(d -> d.rule().equals("rssi_dbm.range"))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.reason())
                    .isEqualTo("rssi_dbm.range: rssi_dbm=12.0 outside [-150, 0]"));
  }

  @Test
  void theWarehouseRawTiersHoldEveryEventOnce() throws Exception {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(60))
        .until(
            () ->
                harness.countWarehouse("SELECT count(*) FROM signal_raw") >= readings.size()
                    && harness.countWarehouse("SELECT count(*) FROM activity_event")
                        >= activities.size());
    assertThat(harness.countWarehouse("SELECT count(*) FROM signal_raw"))
        .isEqualTo(readings.size());
    assertThat(harness.countWarehouse("SELECT count(*) FROM activity_event"))
        .isEqualTo(activities.size());
  }

  @Test
  void dimDeviceHasOneCurrentRowPerDeviceWithTheConfigUpdateApplied() throws Exception {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(60))
        .until(
            () ->
                harness.countWarehouse(
                        "SELECT count(*) FROM dim_device WHERE is_current AND config_version = 2")
                    >= DEVICES);
    assertThat(harness.countWarehouse("SELECT count(*) FROM dim_device WHERE is_current"))
        .isEqualTo(DEVICES);
  }

  @Test
  void hourlyRollupsCountEveryReadingOfTheClosedHours() throws Exception {
    // Each device's readings end in the hour before the fetch; every earlier hour is closed by its
    // own readings, so the hourly rows of those hours must hold exactly their readings.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(60))
        .until(() -> harness.countWarehouse("SELECT count(*) FROM signal_hourly") > 0);
    Map<String, Long> expected = new HashMap<>();
    Map<String, Instant> lastHour = new HashMap<>();
    for (SignalReading r : readings) {
      Instant hour = r.ts().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
      lastHour.merge(r.deviceId(), hour, (a, b) -> a.isAfter(b) ? a : b);
    }
    for (SignalReading r : readings) {
      Instant hour = r.ts().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
      if (hour.isBefore(lastHour.get(r.deviceId()))) {
        expected.merge(r.deviceId() + "@" + hour, 1L, Long::sum);
      }
    }
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(60))
        .until(
            () -> harness.countWarehouse("SELECT count(*) FROM signal_hourly") >= expected.size());
    Map<String, Long> actual = new HashMap<>();
    try (Connection c =
            java.sql.DriverManager.getConnection(
                harness.warehouseUrl,
                harness.services.postgres().user(),
                harness.services.postgres().password());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT device_id, bucket_start, readings FROM signal_hourly")) {
      while (rs.next()) {
        actual.put(rs.getString(1) + "@" + rs.getTimestamp(2).toInstant(), rs.getLong(3));
      }
    }
    assertThat(actual).containsAllEntriesOf(expected);
  }

  @Test
  void theJobKeepsRunningAfterBadInput() throws Exception {
    assertThat(job.getJobStatus().get().isGloballyTerminalState()).isFalse();
  }
}
