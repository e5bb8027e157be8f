package io.devicetrail.jobs;

import static org.awaitility.Awaitility.await;

import io.devicetrail.connectors.archive.ArchiveReader;
import io.devicetrail.connectors.postgres.PostgresPassword;
import io.devicetrail.events.DeadLetter;
import io.devicetrail.events.EventCodec;
import io.devicetrail.events.Topics;
import io.devicetrail.localservices.LocalServices;
import io.devicetrail.localservices.PostgresOptions;
import io.devicetrail.sql.Migrations;
import io.devicetrail.sql.WarehouseFlavor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Real services for one job test class: its own Kafka, S3 and PostgreSQL (the job reads the
 * contract's fixed topic names, so classes do not share a broker), plus helpers to feed Kafka and
 * read every output back.
 */
final class JobHarness implements AutoCloseable {

  final LocalServices services;
  final String archivePath;
  final String supportUrl;
  final String warehouseUrl;
  final Path checkpoints;

  JobHarness(Path dir) throws Exception {
    services = LocalServices.start(dir.resolve("services"), PostgresOptions.fastForTests());
    services
        .kafka()
        .createTopics(
            Map.of(Topics.SIGNAL, 2, Topics.ACTIVITY, 2, Topics.DEVICE, 1, Topics.DEADLETTER, 1),
            Set.of(Topics.DEVICE));
    services.postgres().createDatabaseIfMissing("support");
    supportUrl = services.postgres().jdbcUrl("support");
    Migrations.migrateSupport(
        supportUrl, services.postgres().user(), services.postgres().password());
    services.postgres().createDatabaseIfMissing("warehouse");
    warehouseUrl = services.postgres().jdbcUrl("warehouse");
    Migrations.migrateWarehouse(
        warehouseUrl,
        services.postgres().user(),
        services.postgres().password(),
        WarehouseFlavor.POSTGRES);
    archivePath = "s3://" + services.s3().bucket() + "/archive-" + UUID.randomUUID();
    checkpoints = dir.resolve("checkpoints");
  }

  JobSettings settings() {
    PostgresPassword password = PostgresPassword.of(services.postgres().password());
    return JobSettings.builder()
        .kafka(services.kafka().bootstrapServers(), "job-test")
        .archive(archivePath, 2)
        .support(supportUrl, services.postgres().user(), password)
        .warehouse(warehouseUrl, services.postgres().user(), password, WarehouseFlavor.POSTGRES)
        .checkpointInterval(Duration.ofMillis(700))
        .jdbcBatch(500, Duration.ofMillis(200))
        .build();
  }

  LocalJobRunner runner() {
    String buildDir = System.getProperty("devicetrail.build.directory", "target");
    return new LocalJobRunner(
        Path.of(buildDir, "plugins").toAbsolutePath(),
        checkpoints,
        new LocalJobRunner.S3Endpoint(
            services.s3().endpoint(), services.s3().accessKey(), services.s3().secretKey()),
        2);
  }

  JobClient startJob() throws Exception {
    JobSettings s = settings();
    return runner().start(ProductionWiring.sources(s), ProductionWiring.sinks(s), s);
  }

  void produce(String topic, String key, byte[] value) {
    List<Object[]> one = new ArrayList<>();
    one.add(new Object[] {key, value});
    produceAll(topic, one);
  }

  void produceAll(String topic, List<Object[]> keyValues) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, services.kafka().bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (Object[] kv : keyValues) {
        producer.send(
            new ProducerRecord<>(
                topic, ((String) kv[0]).getBytes(StandardCharsets.UTF_8), (byte[]) kv[1]));
      }
      producer.flush();
    }
  }

  List<DeadLetter> deadLetters(int atLeast) {
    List<DeadLetter> out = new ArrayList<>();
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, services.kafka().bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(Topics.DEADLETTER));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (out.size() < atLeast && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          out.add(EventCodec.decodeDeadLetter(r.value()));
        }
      }
    }
    return out;
  }

  long count(String sql) throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  long countWarehouse(String sql) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                warehouseUrl, services.postgres().user(), services.postgres().password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  Connection connect() throws Exception {
    return DriverManager.getConnection(
        supportUrl, services.postgres().user(), services.postgres().password());
  }

  ArchiveReader archive() {
    return new ArchiveReader(archivePath);
  }

  void awaitRows(String sql, long expected) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> count(sql) >= expected);
  }

  void awaitArchivedSignals(int expected) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> archive().signals().size() >= expected);
  }

  static void cancel(JobClient job) throws Exception {
    LocalJobRunner.cancel(job, Duration.ofSeconds(60));
  }

  @Override
  public void close() {
    services.close();
  }
}
