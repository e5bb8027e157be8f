package io.devicetrail.bench.job;

import io.devicetrail.events.EventCodec;
import io.devicetrail.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Fills the contract topics the way the poller does (JSON from {@link EventCodec}, key = device id,
 * lz4, acks=all, idempotent), but with large batches so that filling is quick.
 */
final class TopicLoader implements AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  TopicLoader(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-loader");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(128L * 1024 * 1024));
    producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Publishes every message of {@code batch} to the signal topic; returns how many. */
  long publishReadings(Batch batch) {
    long[] sent = {0};
    batch.forEachPublished(
        r -> {
          send(Topics.SIGNAL, r.deviceId(), EventCodec.encode(r));
          sent[0]++;
        });
    flush();
    return sent[0];
  }

  /** One snapshot per device to the compacted device topic. */
  void publishSnapshots(SimulatedFleet fleet, Instant fetchedAt) {
    for (int d = 0; d < fleet.devices(); d++) {
      send(
          Topics.DEVICE,
          SimulatedFleet.deviceId(d),
          EventCodec.encode(fleet.snapshot(d, fetchedAt)));
    }
    flush();
  }

  private void send(String topic, String key, byte[] value) {
    producer.send(
        new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value),
        (meta, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
        });
  }

  private void flush() {
    producer.flush();
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("publishing to Kafka failed: " + e, e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
