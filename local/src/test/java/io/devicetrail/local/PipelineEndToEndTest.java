package io.devicetrail.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.devicetrail.connectors.archive.ArchiveReader;
import io.devicetrail.events.DeadLetter;
import io.devicetrail.events.EventCodec;
import io.devicetrail.events.SignalReading;
import io.devicetrail.events.Topics;
import io.devicetrail.jobs.JobSettings;
import io.devicetrail.jobs.LocalJobRunner;
import io.devicetrail.jobs.ProductionWiring;
import io.devicetrail.localservices.LocalServices;
import io.devicetrail.localservices.PostgresOptions;
import io.devicetrail.poller.Poller;
import io.devicetrail.poller.PollerConfig;
import io.devicetrail.poller.cursor.FileCursorStore;
import io.devicetrail.poller.publish.KafkaEventPublisher;
import io.devicetrail.poller.vendor.ApiToken;
import io.devicetrail.poller.vendor.HttpVendorClient;
import io.devicetrail.poller.vendor.VendorApiConfig;
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
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole spine on real parts: the simulator serves a fleet, the poller publishes to a real Kafka
 * broker, the job on a MiniCluster writes Parquet to s3proxy through the S3 plugin and rows to
 * PostgreSQL. Everything the simulator served is checked against where it landed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineEndToEndTest {

  private static final int DEVICES = 150;

  @TempDir static Path dir;

  private LocalServices services;
  private SimulatorServer simulator;
  private JobClient job;
  private String supportUrl;
  private String warehouseUrl;
  private String archivePath;
  private Map<String, Reading> valid;
  private List<Reading> invalid;

  @BeforeAll
  void runThePipeline() throws Exception {
    services = LocalServices.start(dir.resolve("services"), PostgresOptions.fastForTests());
    LocalStores stores = LocalStores.prepare(services, 2);
    supportUrl = stores.supportUrl();
    warehouseUrl = stores.warehouseUrl();
    archivePath = stores.archivePath();

    Instant now = Instant.parse("2026-11-02T12:00:00Z");
    ManualClock clock = new ManualClock(now.minus(Duration.ofHours(36)));
    simulator =
        SimulatorServer.start(
            SimulatorConfig.builder()
                .seed(7)
                .deviceCount(DEVICES)
                .clock(clock)
                .historyStart(now.minus(Duration.ofHours(48)))
                .badReadingRate(0.01)
                .build());

    JobSettings settings =
        stores
            .jobSettings("e2e", 2)
            .checkpointInterval(Duration.ofMillis(800))
            .jdbcBatch(1000, Duration.ofMillis(200))
            .build();
    LocalJobRunner runner =
        stores.jobRunner(
            Path.of(System.getProperty("devicetrail.build.directory", "target"), "plugins")
                .toAbsolutePath(),
            dir.resolve("checkpoints"),
            2,
            new Configuration());
    job =
        runner.start(
            ProductionWiring.sources(settings), ProductionWiring.sinks(settings), settings);

    try (KafkaEventPublisher publisher =
            KafkaEventPublisher.create(services.kafka().bootstrapServers(), new Properties());
        Poller poller =
            new Poller(
                PollerConfig.builder().build(),
                new HttpVendorClient(
                    VendorApiConfig.builder(simulator.baseUrl()).build(),
                    ApiToken.of(simulator.token())),
                publisher,
                FileCursorStore.open(dir.resolve("poller")),
                clock.asClock())) {
      // Device time moves on in steps; sleepers upload their buffers when they wake.
      while (clock.now().isBefore(now.minus(Duration.ofMinutes(30)))) {
        clock.advance(Duration.ofHours(4));
        poller.runOnce();
      }
    }

    // Bad input straight into Kafka: the job must dead-letter it and go on.
    produce(
        Topics.SIGNAL,
        "dev-x",
        "{\"schema\":\"signal.v1\",\"device_id\":\"dev-x\",".getBytes(StandardCharsets.UTF_8));
    produce(
        Topics.SIGNAL,
        "dev-x",
        EventCodec.encode(
            new SignalReading(
                "dev-x",
                "acme",
                now.minusSeconds(600),
                -300,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                now)));

    Fleet fleet = simulator.fleet();
    valid = new HashMap<>();
    invalid = new ArrayList<>();
    for (String id : fleet.deviceIds()) {
      for (Reading r : fleet.readingsVisible(id, clock.now())) {
        if (r.valid()) {
          valid.put(id + "@" + r.ts(), r);
        } else {
          invalid.add(r);
        }
      }
    }
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> count("SELECT count(*) FROM signal_recent") >= valid.size());
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> new ArchiveReader(archivePath).signals().size() >= valid.size());
  }

  @AfterAll
  void stop() throws Exception {
    if (job != null) {
      LocalJobRunner.cancel(job, Duration.ofSeconds(60));
    }
    if (simulator != null) {
      simulator.close();
    }
    if (services != null) {
      services.close();
    }
  }

  @Test
  void theFleetServedThousandsOfReadingsIncludingBadOnes() {
    assertThat(valid.size()).isGreaterThan(5_000);
    assertThat(invalid).isNotEmpty();
  }

  @Test
  void everyValidReadingServedIsInTheArchiveExactlyOnceWithItsValues() {
    List<SignalReading> archived = new ArchiveReader(archivePath).signals();
    assertThat(archived).hasSize(valid.size());
    Map<String, SignalReading> byId = new HashMap<>();
    for (SignalReading a : archived) {
      assertThat(byId.put(a.deviceId() + "@" + a.ts(), a)).as("duplicate %s", a).isNull();
    }
    assertThat(byId.keySet()).isEqualTo(valid.keySet());
    valid.forEach(
        (id, served) -> {
          SignalReading a = byId.get(id);
          assertThat(a.rssiDbm()).as(id).isEqualTo(served.rssiDbm());
          assertThat(a.snrDb()).as(id).isEqualTo(served.snrDb());
          assertThat(a.cellId()).as(id).isEqualTo(served.cellId());
          assertThat(a.batteryMv()).as(id).isEqualTo(served.batteryMv());
          assertThat(a.tenantId())
              .as(id)
              .isEqualTo(simulator.fleet().device(a.deviceId()).tenantId());
        });
  }

  @Test
  void everyValidReadingIsInSignalRecentExactlyOnce() throws Exception {
    assertThat(count("SELECT count(*) FROM signal_recent")).isEqualTo(valid.size());
    assertThat(count("SELECT count(*) FROM signal_recent WHERE device_id = 'dev-x'")).isZero();
  }

  @Test
  void deviceLatestIsTheNewestValidReadingOfEachDevice() throws Exception {
    Map<String, Reading> newest = new HashMap<>();
    valid
        .values()
        .forEach(r -> newest.merge(r.deviceId(), r, (a, b) -> a.ts().isAfter(b.ts()) ? a : b));
    Map<String, Instant> latest = new HashMap<>();
    Map<String, Double> rssi = new HashMap<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT device_id, last_reading_ts, rssi_dbm FROM device_latest WHERE last_reading_ts IS NOT NULL")) {
      while (rs.next()) {
        latest.put(rs.getString(1), rs.getTimestamp(2).toInstant());
        rssi.put(rs.getString(1), rs.getDouble(3));
      }
    }
    assertThat(latest.keySet()).isEqualTo(newest.keySet());
    newest.forEach(
        (device, r) -> {
          assertThat(latest.get(device)).as(device).isEqualTo(r.ts());
          assertThat(rssi.get(device)).as(device).isEqualTo(r.rssiDbm());
        });
  }

  @Test
  void badReadingsAndMalformedMessagesAreDeadLetteredWithTheirReasons() {
    List<DeadLetter> dead = deadLetters(invalid.size() + 2);
    List<DeadLetter> byPoller = dead.stream().filter(d -> d.stage().equals("poller")).toList();
    List<DeadLetter> byJob = dead.stream().filter(d -> d.stage().equals("job.decode")).toList();
    assertThat(byPoller).hasSize(invalid.size());
    assertThat(byPoller).allSatisfy(d -> assertThat(d.rule()).endsWith(".range"));
    assertThat(byJob)
        .extracting(DeadLetter::rule)
        .containsExactlyInAnyOrder("json.malformed", "rssi_dbm.range");
  }

  @Test
  void everyDeviceIsInTheSupportDatabase() throws Exception {
    assertThat(count("SELECT count(*) FROM device")).isEqualTo(DEVICES);
  }

  private long count(String sql) throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Connection connect() throws Exception {
    return DriverManager.getConnection(
        supportUrl, services.postgres().user(), services.postgres().password());
  }

  private void produce(String topic, String key, byte[] value) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, services.kafka().bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
    }
  }

  private List<DeadLetter> deadLetters(int expected) {
    List<DeadLetter> out = new ArrayList<>();
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, services.kafka().bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(Topics.DEADLETTER));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          out.add(EventCodec.decodeDeadLetter(r.value()));
        }
      }
      // Anything beyond the expected would be a duplicate or a stray: read a little longer.
      for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofSeconds(2))) {
        out.add(EventCodec.decodeDeadLetter(r.value()));
      }
    }
    return out;
  }
}
