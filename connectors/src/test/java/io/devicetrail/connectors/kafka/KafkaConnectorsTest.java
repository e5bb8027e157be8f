package io.devicetrail.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.events.DeadLetter;
import io.devicetrail.events.EventCodec;
import io.devicetrail.events.Rule;
import io.devicetrail.events.Topics;
import io.devicetrail.events.Violation;
import io.devicetrail.localservices.LocalKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka source and the dead-letter sink against a real broker, in a MiniCluster job. */
class KafkaConnectorsTest {

  private static final String RAW_TOPIC = "devicetrail.signal.v1";

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @TempDir static Path dataDir;

  private static LocalKafka kafka;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = LocalKafka.start(dataDir.resolve("kafka"));
    kafka.createTopics(Map.of(RAW_TOPIC, 2, Topics.DEADLETTER, 2));
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void theRawSourceDeliversEveryRecordAsReadMalformedOnesAndTombstonesIncluded() throws Exception {
    List<RawRecord> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      sent.add(send(producer, "dev-1", "{\"schema\":\"signal.v1\",\"device_id\":\"dev-1\"}"));
      sent.add(send(producer, "dev-2", "{\"schema\":"));
      sent.add(send(producer, null, "not json at all"));
      sent.add(send(producer, "dev-3", new byte[] {(byte) 0xFF, 0, (byte) 0xC3}));
      sent.add(send(producer, "dev-4", (byte[]) null));
    }

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    List<RawRecord> read = new ArrayList<>();
    try (CloseableIterator<RawRecord> records =
        env.fromSource(
                KafkaSources.rawBuilder(
                        kafka.bootstrapServers(),
                        RAW_TOPIC,
                        "raw-test-" + UUID.randomUUID(),
                        OffsetsInitializer.earliest())
                    .setBounded(OffsetsInitializer.latest())
                    .build(),
                WatermarkStrategy.noWatermarks(),
                "raw")
            .executeAndCollect()) {
      records.forEachRemaining(read::add);
    }

    assertThat(read).containsExactlyInAnyOrderElementsOf(sent);
  }

  @Test
  void theExactlyOnceDeadLetterSinkCommitsEveryLetterKeyedByItsDevice() throws Exception {
    Instant at = Instant.parse("2026-11-26T10:05:00.123Z");
    List<DeadLetter> letters =
        List.of(
            DeadLetter.fromKafka(
                "job",
                new Violation(Rule.WRONG_TYPE, "rssi_dbm must be a number or null, got string"),
                RAW_TOPIC,
                1,
                42L,
                "{\"schema\":\"signal.v1\",\"device_id\":\"dev-9\",\"rssi_dbm\":\"x\"}",
                at),
            new DeadLetter(
                "job",
                "rssi_dbm.range",
                "rssi_dbm 12 is outside [-150, 0]",
                RAW_TOPIC,
                0,
                7L,
                "{\"schema\":\"signal.v1\",\"device_id\":\"dev-7\",\"rssi_dbm\":12}",
                at),
            new DeadLetter("poller", "json.malformed", "truncated", null, null, null, "[", at));

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.enableCheckpointing(200);
    env.fromData(letters, TypeInformation.of(DeadLetter.class))
        .sinkTo(
            KafkaSinks.deadLetters(
                kafka.bootstrapServers(),
                DeliveryGuarantee.EXACTLY_ONCE,
                "deadletter-test-" + UUID.randomUUID()))
        .uid("deadletters")
        .name("deadletters");
    env.execute("deadletter-test");

    List<ConsumerRecord<byte[], byte[]>> written = readCommitted(Topics.DEADLETTER, letters.size());
    assertThat(written)
        .extracting(r -> EventCodec.decodeDeadLetter(r.value()))
        .containsExactlyInAnyOrderElementsOf(letters);
    assertThat(written)
        .extracting(r -> r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8))
        .containsExactlyInAnyOrder("dev-9", "dev-7", null);
    assertThat(written).extracting(ConsumerRecord::timestamp).containsOnly(at.toEpochMilli());
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
  }

  private static RawRecord send(KafkaProducer<byte[], byte[]> producer, String key, String value)
      throws Exception {
    return send(producer, key, value.getBytes(StandardCharsets.UTF_8));
  }

  private static RawRecord send(KafkaProducer<byte[], byte[]> producer, String key, byte[] value)
      throws Exception {
    byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    RecordMetadata m = producer.send(new ProducerRecord<>(RAW_TOPIC, keyBytes, value)).get();
    return new RawRecord(m.topic(), m.partition(), m.offset(), key, value, m.timestamp());
  }

  private static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic, int expected) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      // Polls until the expected count, then once more so that a duplicate would be seen too.
      int emptyPollsAfterExpected = 0;
      while (System.nanoTime() < deadline && emptyPollsAfterExpected < 2) {
        var batch = consumer.poll(Duration.ofMillis(500));
        batch.forEach(records::add);
        if (records.size() >= expected && batch.isEmpty()) {
          emptyPollsAfterExpected++;
        }
      }
    }
    return records;
  }
}
