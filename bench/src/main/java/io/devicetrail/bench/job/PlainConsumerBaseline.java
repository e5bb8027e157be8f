package io.devicetrail.bench.job;

import io.devicetrail.events.Decoded;
import io.devicetrail.events.EventCodec;
import io.devicetrail.events.SignalReading;
import io.devicetrail.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Baseline A: one thread with a plain {@link KafkaConsumer} (default fetch settings, as the job's
 * source) reading a range of the signal topic and decoding every message with {@link
 * EventCodec#decodeSignal}: the fastest a reader of the topic can go on this machine.
 */
final class PlainConsumerBaseline {

  /** Messages read, valid ones among them, seconds taken. */
  record Result(long messages, long valid, double seconds) {
    double rate() {
      return messages / seconds;
    }
  }

  private PlainConsumerBaseline() {}

  /** Current end offset of each partition of the signal topic. */
  static Map<TopicPartition, Long> endOffsets(String bootstrap) {
    try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
      return c.endOffsets(partitions(c));
    }
  }

  /** Reads and decodes every message from {@code from} (inclusive) to {@code to} (exclusive). */
  static Result run(
      String bootstrap, Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
    try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
      List<TopicPartition> parts = new ArrayList<>(to.keySet());
      c.assign(parts);
      long remaining = 0;
      for (TopicPartition tp : parts) {
        long start = from.getOrDefault(tp, 0L);
        c.seek(tp, start);
        remaining += to.get(tp) - start;
      }
      long messages = 0;
      long valid = 0;
      long started = System.nanoTime();
      while (messages < remaining) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          if (r.offset() >= to.get(new TopicPartition(r.topic(), r.partition()))) {
            continue;
          }
          Decoded<SignalReading> d = EventCodec.decodeSignal(r.value());
          messages++;
          if (d.isValid()) {
            valid++;
          }
        }
      }
      return new Result(messages, valid, (System.nanoTime() - started) / 1e9);
    }
  }

  private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c) {
    return c.partitionsFor(Topics.SIGNAL).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition()))
        .toList();
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
