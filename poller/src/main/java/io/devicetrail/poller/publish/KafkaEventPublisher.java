package io.devicetrail.poller.publish;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes through a Kafka {@link Producer}. The producer made by {@link #create} is idempotent
 * with {@code acks=all}, so a completed future means every in-sync replica has the record and a
 * retried send is never written twice by the producer itself.
 */
public final class KafkaEventPublisher implements EventPublisher, AutoCloseable {
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final Producer<byte[], byte[]> producer;

  public KafkaEventPublisher(Producer<byte[], byte[]> producer) {
    this.producer = Objects.requireNonNull(producer, "producer cannot be null");
  }

  /** An idempotent producer for {@code bootstrapServers}; {@code overrides} win over defaults. */
  public static KafkaEventPublisher create(String bootstrapServers, Properties overrides) {
    Properties config = producerConfig(bootstrapServers);
    config.putAll(overrides);
    return new KafkaEventPublisher(
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()));
  }

  /** The producer settings the poller relies on. */
  public static Properties producerConfig(String bootstrapServers) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "devicetrail-poller");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    // Pages are sent as a burst and then awaited: a short linger batches the burst.
    config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return config;
  }

  @Override
  public CompletableFuture<Void> send(String topic, String key, byte[] value) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    try {
      producer.send(
          record,
          (metadata, error) -> {
            if (error == null) {
              acked.complete(null);
            } else {
              acked.completeExceptionally(error);
            }
          });
    } catch (RuntimeException e) {
      // send() itself throws when the buffer stays full for max.block.ms or the producer is closed.
      acked.completeExceptionally(e);
    }
    return acked;
  }

  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }
}
