package io.devicetrail.poller.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Everything a Kafka topic holds right now, read from the beginning to the end offsets. */
public final class TopicContents {

  /** One message: key and value as UTF-8 text. */
  public record Message(String key, String value, int partition, long offset) {}

  private final List<Message> messages;

  private TopicContents(List<Message> messages) {
    this.messages = messages;
  }

  public static TopicContents read(String bootstrapServers, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
        partitions.add(new TopicPartition(topic, p.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      List<Message> messages = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end offsets " + end);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          messages.add(
              new Message(
                  r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                  new String(r.value(), StandardCharsets.UTF_8),
                  r.partition(),
                  r.offset()));
        }
      }
      return new TopicContents(messages);
    }
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  public List<Message> messages() {
    return messages;
  }

  public int size() {
    return messages.size();
  }

  /** Messages by key, each key's in offset order (a key lives in one partition). */
  public Map<String, List<Message>> byKey() {
    Map<String, List<Message>> out = new LinkedHashMap<>();
    messages.stream()
        .sorted(
            java.util.Comparator.comparingInt(Message::partition)
                .thenComparingLong(Message::offset))
        .forEach(m -> out.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m));
    return out;
  }

  public static long total(Collection<TopicContents> contents) {
    return contents.stream().mapToLong(TopicContents::size).sum();
  }
}
