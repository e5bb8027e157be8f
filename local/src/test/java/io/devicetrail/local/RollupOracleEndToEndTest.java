package io.devicetrail.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.devicetrail.connectors.archive.ArchiveReader;
import io.devicetrail.connectors.warehouse.model.RollupTier;
import io.devicetrail.connectors.warehouse.model.SignalRollup;
import io.devicetrail.events.EventCodec;
import io.devicetrail.events.SignalReading;
import io.devicetrail.events.Topics;
import io.devicetrail.jobs.JobSettings;
import io.devicetrail.jobs.LocalJobRunner;
import io.devicetrail.jobs.ProductionWiring;
import io.devicetrail.jobs.rollup.RollupOracle;
import io.devicetrail.localservices.LocalServices;
import io.devicetrail.localservices.PostgresOptions;
import io.devicetrail.poller.Poller;
import io.devicetrail.poller.PollerConfig;
import io.devicetrail.poller.cursor.FileCursorStore;
import io.devicetrail.poller.publish.KafkaEventPublisher;
import io.devicetrail.poller.vendor.ApiToken;
import io.devicetrail.poller.vendor.HttpVendorClient;
import io.devicetrail.poller.vendor.VendorApiConfig;
import io.devicetrail.simulator.DeviceInfo;
import io.devicetrail.simulator.Fleet;
import io.devicetrail.simulator.ManualClock;
import io.devicetrail.simulator.Reading;
import io.devicetrail.simulator.SimulatorConfig;
import io.devicetrail.simulator.SimulatorServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The correctness oracle of CONTRACT §6: a simulated fleet of 500 devices over three simulated days
 * — sleepers uploading hours at once, duplicates, a 12-hour poller outage and its catch-up — runs
 * through the whole pipeline; then every signal_hourly and signal_daily row in the warehouse equals
 * the same rollup recomputed in batch from the Parquet archive, read back from S3.
 */
class RollupOracleEndToEndTest {

  private static final int DEVICES = 500;

  @TempDir Path dir;

  @Test
  void everyRollupRowEqualsTheBatchRecomputationFromTheArchive() throws Exception {
    try (LocalServices services =
        LocalServices.start(dir.resolve("services"), PostgresOptions.fastForTests())) {
      LocalStores stores = LocalStores.prepare(services, 2);
      String user = services.postgres().user();
      String pw = services.postgres().password();
      String warehouseUrl = stores.warehouseUrl();
      String archivePath = stores.archivePath();

      Instant now = Instant.parse("2026-11-02T12:00:00Z");
      Instant start = now.minus(Duration.ofDays(3));
      ManualClock clock = new ManualClock(start);
      try (SimulatorServer simulator =
          SimulatorServer.start(
              SimulatorConfig.builder()
                  .seed(2026)
                  .deviceCount(DEVICES)
                  .clock(clock)
                  .historyStart(start.minus(Duration.ofHours(6)))
                  .build())) {
        JobSettings settings =
            stores.jobSettings("oracle", 2).checkpointInterval(Duration.ofSeconds(1)).build();
        LocalJobRunner runner =
            stores.jobRunner(
                Path.of(System.getProperty("devicetrail.build.directory", "target"), "plugins")
                    .toAbsolutePath(),
                dir.resolve("checkpoints"),
                2,
                new Configuration());
        JobClient job =
            runner.start(
                ProductionWiring.sources(settings), ProductionWiring.sinks(settings), settings);
        try {
          pollThreeDaysWithAnOutage(services, simulator, clock, now);
          republishSomeReadings(services, archivePath, clock);

          Fleet fleet = simulator.fleet();
          long served = 0;
          for (String id : fleet.deviceIds()) {
            served +=
                fleet.readingsVisible(id, clock.now()).stream().filter(Reading::valid).count();
          }
          long expected = served;
          await()
              .atMost(Duration.ofMinutes(4))
              .pollInterval(Duration.ofSeconds(2))
              .until(() -> new ArchiveReader(archivePath).signals().size() >= expected);
          List<SignalReading> archived = new ArchiveReader(archivePath).signals();
          assertThat(archived).hasSize((int) expected);

          // The stream has caught up when every closed bucket equals its batch recomputation;
          // until then the comparison fails and is retried, however slow the machine is.
          await()
              .atMost(Duration.ofMinutes(4))
              .pollInterval(Duration.ofSeconds(5))
              .untilAsserted(
                  () -> {
                    for (RollupTier tier : RollupTier.values()) {
                      compareWithOracle(tier, archived, fleet, warehouseUrl, user, pw);
                    }
                  });
        } finally {
          LocalJobRunner.cancel(job, Duration.ofSeconds(60));
        }
      }
    }
  }

  private void pollThreeDaysWithAnOutage(
      LocalServices services, SimulatorServer simulator, ManualClock clock, Instant now)
      throws Exception {
    try (KafkaEventPublisher publisher =
            KafkaEventPublisher.create(services.kafka().bootstrapServers(), new Properties());
        Poller poller =
            new Poller(
                PollerConfig.builder().concurrency(8).build(),
                new HttpVendorClient(
                    VendorApiConfig.builder(simulator.baseUrl()).build(),
                    ApiToken.of(simulator.token())),
                publisher,
                FileCursorStore.open(dir.resolve("poller")),
                clock.asClock())) {
      Instant outageStart = now.minus(Duration.ofHours(48));
      Instant outageEnd = outageStart.plus(Duration.ofHours(12));
      while (clock.now().isBefore(now.minus(Duration.ofHours(1)))) {
        clock.advance(Duration.ofHours(3));
        boolean down = !clock.now().isBefore(outageStart) && clock.now().isBefore(outageEnd);
        if (!down) {
          poller.runOnce();
        }
      }
    }
  }

  /** A poller restart re-publishes what it had not yet checkpointed: duplicates, counted once. */
  private static void republishSomeReadings(
      LocalServices services, String archivePath, ManualClock clock) throws Exception {
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> new ArchiveReader(archivePath).signals().size() > 1000);
    List<SignalReading> some = new ArrayList<>(new ArchiveReader(archivePath).signals());
    java.util.Collections.shuffle(some, new Random(7));
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, services.kafka().bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (SignalReading r : some.subList(0, 1000)) {
        producer.send(
            new ProducerRecord<>(
                Topics.SIGNAL,
                r.deviceId().getBytes(StandardCharsets.UTF_8),
                EventCodec.encode(r)));
      }
    }
  }

  private static void compareWithOracle(
      RollupTier tier,
      List<SignalReading> archived,
      Fleet fleet,
      String url,
      String user,
      String pw)
      throws Exception {
    Map<String, DeviceInfo> devices = new HashMap<>();
    fleet.deviceIds().forEach(id -> devices.put(id, fleet.device(id)));
    List<SignalRollup> oracle =
        RollupOracle.rollups(
            archived,
            tier,
            id ->
                devices.get(id).reportingIntervalS() != null
                    ? devices.get(id).reportingIntervalS()
                    : devices.get(id).samplingIntervalS(),
            Instant.EPOCH);
    Map<String, SignalRollup> expected = new HashMap<>();
    Map<String, Instant> lastBucket = new HashMap<>();
    for (SignalRollup r : oracle) {
      expected.put(r.deviceId() + "@" + r.bucketStart(), r);
      lastBucket.merge(r.deviceId(), r.bucketStart(), (a, b) -> a.isAfter(b) ? a : b);
    }
    Map<String, SignalRollup> actual = readRollups(tier, url, user, pw);

    List<String> problems = new ArrayList<>();
    actual.forEach(
        (key, row) -> {
          SignalRollup want = expected.get(key);
          if (want == null) {
            problems.add(key + ": in the warehouse but not in the archive");
            return;
          }
          boolean vendorInterval = devices.get(row.deviceId()).reportingIntervalS() != null;
          for (String d : RollupOracle.differences(want, row)) {
            // Without a vendor interval, expected_readings uses the interval learned so far: null
            // before the device's cadence is learned.
            if (!vendorInterval
                && d.startsWith("expected_readings")
                && row.expectedReadings() == null) {
              continue;
            }
            problems.add(key + " " + d);
          }
        });
    // Every bucket a device has moved past must be written; only its newest may still be open.
    expected.forEach(
        (key, want) -> {
          if (!actual.containsKey(key)
              && want.bucketStart().isBefore(lastBucket.get(want.deviceId()))) {
            problems.add(key + ": closed bucket missing from " + tier.tableName());
          }
        });
    assertThat(actual)
        .as(tier.tableName())
        .hasSizeGreaterThan(tier == RollupTier.HOUR ? 10_000 : 1_000);
    assertThat(problems).as(tier.tableName() + " vs the batch recomputation").isEmpty();
  }

  private static Map<String, SignalRollup> readRollups(
      RollupTier tier, String url, String user, String pw) throws Exception {
    Map<String, SignalRollup> rows = new HashMap<>();
    try (Connection c = DriverManager.getConnection(url, user, pw);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT device_id, tenant_id, bucket_start, readings, expected_readings, rssi_min,"
                    + " rssi_max, rssi_avg, rssi_p10, rssi_p50, rssi_p90, snr_avg, cells_seen,"
                    + " cell_changes, battery_min_mv, longest_gap_s, late_readings, max_lateness_s,"
                    + " revision, is_final, updated_at FROM "
                    + tier.tableName())) {
      while (rs.next()) {
        SignalRollup r =
            new SignalRollup(
                tier,
                rs.getString(1),
                rs.getString(2),
                rs.getTimestamp(3).toInstant(),
                rs.getInt(4),
                (Integer) rs.getObject(5),
                rs.getDouble(6),
                rs.getDouble(7),
                rs.getDouble(8),
                rs.getDouble(9),
                rs.getDouble(10),
                rs.getDouble(11),
                (Double) rs.getObject(12),
                rs.getInt(13),
                rs.getInt(14),
                (Integer) rs.getObject(15),
                rs.getInt(16),
                rs.getInt(17),
                rs.getInt(18),
                rs.getInt(19),
                rs.getBoolean(20),
                rs.getTimestamp(21).toInstant());
        rows.put(r.deviceId() + "@" + r.bucketStart(), r);
      }
    }
    return rows;
  }
}
