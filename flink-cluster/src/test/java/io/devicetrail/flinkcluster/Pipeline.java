package io.devicetrail.flinkcluster;

import io.devicetrail.connectors.archive.ArchiveReader;
import io.devicetrail.connectors.flink.FlinkS3;
import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.SignalReading;
import io.devicetrail.events.Topics;
import io.devicetrail.localservices.LocalKafka;
import io.devicetrail.localservices.LocalServices;
import io.devicetrail.poller.Poller;
import io.devicetrail.poller.PollerConfig;
import io.devicetrail.poller.cursor.FileCursorStore;
import io.devicetrail.poller.publish.KafkaEventPublisher;
import io.devicetrail.poller.vendor.ApiToken;
import io.devicetrail.poller.vendor.HttpVendorClient;
import io.devicetrail.poller.vendor.VendorApiConfig;
import io.devicetrail.simulator.Activity;
import io.devicetrail.simulator.Fleet;
import io.devicetrail.simulator.ManualClock;
import io.devicetrail.simulator.Reading;
import io.devicetrail.simulator.SimulatorConfig;
import io.devicetrail.simulator.SimulatorServer;
import io.devicetrail.sql.Migrations;
import io.devicetrail.sql.WarehouseFlavor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One pipeline around the job on the cluster, for one test: its own Kafka broker (the contract's
 * topic names are fixed, so tests cannot share one), its own support and warehouse databases in the
 * shared PostgreSQL, its own archive folder in the shared S3 bucket, a simulated fleet on a manual
 * clock and a poller. The job's program arguments point at all of them, as the platform team's
 * would.
 */
final class Pipeline implements AutoCloseable {

  /** Simulated time starts here: tests never read the wall clock. */
  static final Instant START = Instant.parse("2026-11-02T12:00:00Z");

  private final String name;
  private final LocalServices services;
  private final LocalKafka kafka;
  private final SimulatorServer simulator;
  private final ManualClock clock;
  private final Poller poller;
  private final KafkaEventPublisher publisher;
  private final String supportUrl;
  private final String warehouseUrl;
  private final Path passwordFile;
  private final String bootstrap;
  private final Path kafkaConfig;

  private Pipeline(
      String name,
      LocalServices services,
      LocalKafka kafka,
      SimulatorServer simulator,
      ManualClock clock,
      Poller poller,
      KafkaEventPublisher publisher,
      String supportUrl,
      String warehouseUrl,
      Path passwordFile,
      String bootstrap,
      Path kafkaConfig) {
    this.name = name;
    this.services = services;
    this.kafka = kafka;
    this.simulator = simulator;
    this.clock = clock;
    this.poller = poller;
    this.publisher = publisher;
    this.supportUrl = supportUrl;
    this.warehouseUrl = warehouseUrl;
    this.passwordFile = passwordFile;
    this.bootstrap = bootstrap;
    this.kafkaConfig = kafkaConfig;
  }

  /**
   * @param name a lower-case word naming the test: its databases, archive folder and consumer group
   */
  static Pipeline start(
      String name, LocalServices services, LocalFlinkCluster cluster, Path dir, int devices)
      throws Exception {
    return start(name, services, cluster, dir, devices, false);
  }

  /**
   * As {@link #start(String, LocalServices, LocalFlinkCluster, Path, int)}, but the poller and the
   * job talk to Kafka only through its SASL_SSL listener (SCRAM-SHA-512, a CA of the broker's own),
   * with the client settings in a properties file and the secrets in a folder of secret files, as
   * Kubernetes mounts a Secret.
   */
  static Pipeline startSecured(
      String name, LocalServices services, LocalFlinkCluster cluster, Path dir, int devices)
      throws Exception {
    return start(name, services, cluster, dir, devices, true);
  }

  /**
   * Client settings for the secured broker: the properties file the platform team provides, and the
   * folder of secret files it references.
   */
  static Path writeClientConfig(LocalKafka kafka, Path dir, String scramPassword) throws Exception {
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    writePrivately(secrets.resolve("password"), scramPassword);
    writePrivately(
        secrets.resolve("truststore.password"),
        Files.readString(kafka.tls().storePasswordFile()).strip());
    Properties client = new Properties();
    client.setProperty("security.protocol", "SASL_SSL");
    client.setProperty("sasl.mechanism", "SCRAM-SHA-512");
    client.setProperty(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + LocalKafka.SCRAM_USER
            + "\" password=\"${dir:"
            + secrets
            + ":password}\";");
    client.setProperty("ssl.truststore.location", kafka.tls().truststore().toString());
    client.setProperty("ssl.truststore.type", "PKCS12");
    client.setProperty("ssl.truststore.password", "${dir:" + secrets + ":truststore.password}");
    client.setProperty("config.providers", "dir");
    client.setProperty(
        "config.providers.dir.class",
        "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
    Path file = dir.resolve("kafka-client.properties");
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      client.store(out, "Kafka client security: secrets are references to files in " + secrets);
    }
    return file;
  }

  private static void writePrivately(Path file, String content) throws Exception {
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  static Properties load(Path file) throws Exception {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    return p;
  }

  private static Pipeline start(
      String name,
      LocalServices services,
      LocalFlinkCluster cluster,
      Path dir,
      int devices,
      boolean secured)
      throws Exception {
    // The test JVM reads the archive back from S3 through the same plugin as the cluster.
    FlinkS3.initialize(
        FlinkS3.configuration(
            services.s3().endpoint(), services.s3().accessKey(), services.s3().secretKey()),
        cluster.dataDir().resolve("plugins"));
    LocalKafka kafka =
        secured
            ? LocalKafka.startSecured(dir.resolve("kafka"))
            : LocalKafka.start(dir.resolve("kafka"));
    Path kafkaConfig =
        secured
            ? writeClientConfig(
                kafka,
                Files.createDirectories(dir.resolve("client")),
                Files.readString(kafka.scramPasswordFile()).strip())
            : null;
    String bootstrap = secured ? kafka.saslSslBootstrapServers() : kafka.bootstrapServers();
    kafka.createTopics(
        Map.of(Topics.SIGNAL, 2, Topics.ACTIVITY, 2, Topics.DEVICE, 2, Topics.DEADLETTER, 1),
        Set.of(Topics.DEVICE));
    String user = services.postgres().user();
    String password = services.postgres().password();
    services.postgres().createDatabaseIfMissing(name + "_support");
    services.postgres().createDatabaseIfMissing(name + "_warehouse");
    String supportUrl = services.postgres().jdbcUrl(name + "_support");
    String warehouseUrl = services.postgres().jdbcUrl(name + "_warehouse");
    Migrations.migrateSupport(supportUrl, user, password);
    Migrations.migrateWarehouse(warehouseUrl, user, password, WarehouseFlavor.POSTGRES);
    // The job reads its database password from a file on the TaskManagers, as in production.
    Path passwordFile = dir.resolve("postgres-password");
    Files.createFile(
        passwordFile,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(passwordFile, password, StandardCharsets.UTF_8);

    ManualClock clock = new ManualClock(START);
    SimulatorServer simulator =
        SimulatorServer.start(
            SimulatorConfig.builder()
                .seed(2026)
                .deviceCount(devices)
                .clock(clock)
                .historyStart(START.minus(Duration.ofHours(6)))
                .build());
    KafkaEventPublisher publisher =
        KafkaEventPublisher.create(
            bootstrap, kafkaConfig == null ? new Properties() : load(kafkaConfig));
    Poller poller =
        new Poller(
            PollerConfig.builder().concurrency(8).build(),
            new HttpVendorClient(
                VendorApiConfig.builder(simulator.baseUrl()).build(),
                ApiToken.of(simulator.token())),
            publisher,
            FileCursorStore.open(dir.resolve("poller")),
            new SimulatedClock(clock));
    return new Pipeline(
        name,
        services,
        kafka,
        simulator,
        clock,
        poller,
        publisher,
        supportUrl,
        warehouseUrl,
        passwordFile,
        bootstrap,
        kafkaConfig);
  }

  /** The job's program arguments, as a platform engineer would pass them. */
  List<String> jobArguments() {
    return jobArguments(kafkaConfig);
  }

  /** The job's arguments with another Kafka client configuration (null: none). */
  List<String> jobArguments(Path clientConfig) {
    String user = services.postgres().user();
    List<String> args = new ArrayList<>();
    if (clientConfig != null) {
      args.addAll(List.of("--kafka-config", clientConfig.toString()));
    }
    args.addAll(
        List.of(
            "--kafka-bootstrap",
            bootstrap,
            "--consumer-group",
            name,
            "--archive-path",
            archivePath(),
            "--archive-compact-every",
            "2",
            "--support-jdbc-url",
            supportUrl,
            "--support-user",
            user,
            "--support-password-file",
            passwordFile.toString(),
            "--no-migrate-support",
            "--warehouse-jdbc-url",
            warehouseUrl,
            "--warehouse-user",
            user,
            "--warehouse-password-file",
            passwordFile.toString(),
            "--no-migrate-warehouse",
            "--checkpoint-interval",
            "PT1S",
            "--jdbc-batch-interval",
            "PT0.2S"));
    return args;
  }

  String bootstrap() {
    return bootstrap;
  }

  String archivePath() {
    return "s3://" + services.s3().bucket() + "/" + name + "/archive";
  }

  LocalKafka kafka() {
    return kafka;
  }

  String supportUrl() {
    return supportUrl;
  }

  String warehouseUrl() {
    return warehouseUrl;
  }

  Fleet fleet() {
    return simulator.fleet();
  }

  /** Advances simulated time by {@code step} and polls every device once, {@code rounds} times. */
  void poll(int rounds, Duration step) throws InterruptedException {
    for (int i = 0; i < rounds; i++) {
      clock.advance(step);
      poller.runOnce();
    }
  }

  /** Publishes raw records straight to a topic, as a broken producer would. */
  void publishRaw(String topic, String key, List<String> values) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (String value : values) {
        producer.send(
            new ProducerRecord<>(
                topic,
                key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8)));
      }
    }
  }

  /** Publishes one raw record through the listener and settings the job uses. */
  void publishRawSecured(String topic, String key, String value) throws Exception {
    Properties p = kafkaConfig == null ? new Properties() : load(kafkaConfig);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  topic,
                  key.getBytes(StandardCharsets.UTF_8),
                  value.getBytes(StandardCharsets.UTF_8)))
          .get();
    }
  }

  /** The rules of the dead letters in the dead-letter topic, read through the plain listener. */
  List<String> readDeadLetterRules() throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.GROUP_ID_CONFIG, name + "-deadletter-check");
    List<String> rules = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.DEADLETTER));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (rules.isEmpty() && System.nanoTime() < deadline) {
        for (var record : consumer.poll(Duration.ofSeconds(1))) {
          rules.add(
              new com.fasterxml.jackson.databind.ObjectMapper()
                  .readTree(record.value())
                  .path("rule")
                  .asText());
        }
      }
    }
    return rules;
  }

  /** Every valid reading the simulator has served so far, as {@code device_id@ts}. */
  Set<String> servedReadings() {
    Set<String> keys = new HashSet<>();
    Fleet fleet = simulator.fleet();
    for (String id : fleet.deviceIds()) {
      for (Reading r : fleet.readingsVisible(id, clock.now())) {
        if (r.valid()) {
          keys.add(id + "@" + r.ts());
        }
      }
    }
    return keys;
  }

  /** Every activity the simulator has served so far, by event id. */
  Set<String> servedActivities() {
    Set<String> ids = new HashSet<>();
    Fleet fleet = simulator.fleet();
    for (String id : fleet.deviceIds()) {
      for (Activity a : fleet.activitiesVisible(id, clock.now())) {
        ids.add(a.eventId());
      }
    }
    return ids;
  }

  List<SignalReading> archivedReadings() {
    return new ArchiveReader(archivePath()).signals();
  }

  List<DeviceActivity> archivedActivities() {
    return new ArchiveReader(archivePath()).activities();
  }

  /** The rows of a query's first column, as text, in order. */
  List<String> column(String url, String sql) throws Exception {
    List<String> values = new ArrayList<>();
    try (Connection c =
            DriverManager.getConnection(
                url, services.postgres().user(), services.postgres().password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  long count(String url, String sql) throws Exception {
    return Long.parseLong(column(url, sql).get(0));
  }

  String user() {
    return services.postgres().user();
  }

  String password() {
    return services.postgres().password();
  }

  @Override
  public void close() throws Exception {
    poller.close();
    publisher.close();
    simulator.close();
    kafka.close();
  }

  /** The simulator's manual clock as a java.time.Clock, for the poller's fetched_at. */
  private static final class SimulatedClock extends Clock {
    private final ManualClock clock;

    SimulatedClock(ManualClock clock) {
      this.clock = clock;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return clock.now();
    }
  }
}
