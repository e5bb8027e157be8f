package io.devicetrail.localservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaTest {

  @TempDir Path dir;

  @Test
  void aProducedMessageReachesAConsumerOfTheCreatedTopic() throws Exception {
    try (LocalKafka kafka = LocalKafka.start(dir)) {
      kafka.createTopics(Map.of("signal", 3));

      produce(kafka, new ProducerRecord<>("signal", "dev-1", "{\"rssi_dbm\":-80}"));

      assertThat(consumeAll(kafka, "signal", "read_uncommitted", 1))
          .extracting(ConsumerRecord::key, ConsumerRecord::value)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("dev-1", "{\"rssi_dbm\":-80}"));
    }
  }

  @Test
  void creatingTopicsTwiceKeepsThemAndCompactsOnlyTheCompactedOnes() throws Exception {
    try (LocalKafka kafka = LocalKafka.start(dir)) {
      Map<String, Integer> partitions = Map.of("device", 2, "activity", 4);
      kafka.createTopics(partitions, Set.of("device"));
      kafka.createTopics(partitions, Set.of("device"));

      try (Admin admin = admin(kafka)) {
        Map<String, TopicDescription> topics =
            admin.describeTopics(partitions.keySet()).allTopicNames().get();
        assertThat(topics.get("device").partitions()).hasSize(2);
        assertThat(topics.get("activity").partitions()).hasSize(4);
        assertThat(cleanupPolicy(admin, "device")).isEqualTo("compact");
        assertThat(cleanupPolicy(admin, "activity")).isEqualTo("delete");
      }
    }
  }

  @Test
  void transactionalWritesAreVisibleToReadCommittedConsumersOnceCommitted() throws Exception {
    try (LocalKafka kafka = LocalKafka.start(dir)) {
      kafka.createTopics(Map.of("tx", 1));
      Map<String, Object> settings = producerSettings(kafka);
      settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "local-services-test");
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings)) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("tx", "dev-1", "aborted"));
        producer.abortTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("tx", "dev-1", "committed"));
        producer.commitTransaction();
      }

      assertThat(consumeAll(kafka, "tx", "read_committed", 1))
          .extracting(ConsumerRecord::value)
          .containsExactly("committed");
    }
  }

  @Test
  void topicsAreNotCreatedByProducingToThem() throws Exception {
    try (LocalKafka kafka = LocalKafka.start(dir)) {
      Map<String, Object> settings = producerSettings(kafka);
      settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings)) {
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>("typo", "k", "v")).get())
            .isInstanceOf(ExecutionException.class);
      }
      try (Admin admin = admin(kafka)) {
        assertThat(admin.listTopics().names().get()).doesNotContain("typo");
      }
    }
  }

  @Test
  void aRestartOnTheSameDataDirKeepsMessagesAndPort() throws Exception {
    int port;
    try (LocalKafka first = LocalKafka.start(dir)) {
      first.createTopics(Map.of("kept", 1));
      produce(first, new ProducerRecord<>("kept", "dev-1", "before restart"));
      port = first.port();
    }

    try (LocalKafka second = LocalKafka.start(dir)) {
      assertThat(second.port()).isEqualTo(port);
      assertThat(consumeAll(second, "kept", "read_uncommitted", 1))
          .extracting(ConsumerRecord::value)
          .containsExactly("before restart");
    }
  }

  @Test
  void closeReleasesThePortAndLogDir() throws Exception {
    LocalKafka kafka = LocalKafka.start(dir);
    int port = kafka.port();
    assertThat(Leftovers.acceptsConnections(port)).isTrue();

    kafka.close();

    assertThat(Leftovers.acceptsConnections(port)).isFalse();
    // A clean shutdown leaves its marker, so the next start skips log recovery.
    assertThat(dir.resolve("log/.kafka_cleanshutdown")).exists();
  }

  private static void produce(LocalKafka kafka, ProducerRecord<String, String> record)
      throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerSettings(kafka))) {
      producer.send(record).get();
    }
  }

  private static Map<String, Object> producerSettings(LocalKafka kafka) {
    Map<String, Object> settings = new java.util.HashMap<>();
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    return settings;
  }

  /** Reads from the beginning until {@code expected} records arrived or 20 s passed. */
  private static List<ConsumerRecord<String, String>> consumeAll(
      LocalKafka kafka, String topic, String isolation, int expected) {
    Map<String, Object> settings =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "test-" + topic,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            isolation,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class);
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      // One more short poll: a record beyond the expected ones would show up here.
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    return records;
  }

  private static Admin admin(LocalKafka kafka) {
    return Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
  }

  private static String cleanupPolicy(Admin admin, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
    return config.get("cleanup.policy").value();
  }
}
