package io.devicetrail.poller.cursor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The compacted topic {@code devicetrail.poller.cursors.v1} (key = device_id): every replica
 * publishes each cursor it saves, so that when the shard count changes, the replica that takes a
 * device over resumes exactly where the previous owner stopped (its own state directory does not
 * have that device's cursor). Value:
 *
 * <pre>{@code
 * {"schema":"poller-cursor.v1","device_id":"dev-1","signal_since":"2026-11-26T10:05:00Z",
 *  "activity_since":null,"shard":"0/2","at":"2026-11-26T10:06:01Z"}
 * }</pre>
 */
public final class CursorTopic {
  public static final String NAME = "devicetrail.poller.cursors.v1";
  public static final String SCHEMA = "poller-cursor.v1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private CursorTopic() {}

  public static byte[] encode(DeviceCursor cursor, String shard, Instant at) {
    ObjectNode node = JSON.createObjectNode();
    node.put("schema", SCHEMA);
    node.put("device_id", cursor.deviceId());
    node.put("signal_since", text(cursor.signalSince()));
    node.put("activity_since", text(cursor.activitySince()));
    node.put("shard", shard);
    node.put("at", at.toString());
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The cursor in a value, or null when it is not one (it is then ignored). */
  public static DeviceCursor decode(byte[] value) {
    try {
      JsonNode node = JSON.readTree(value);
      if (node == null || !SCHEMA.equals(node.path("schema").asText())) {
        return null;
      }
      return new DeviceCursor(
          node.path("device_id").asText(),
          instant(node.get("signal_since")),
          instant(node.get("activity_since")));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The newest published cursor of every device {@code wanted} accepts: the topic read from the
   * beginning to its end offsets as of now.
   */
  public static Map<String, DeviceCursor> read(
      String bootstrapServers, Properties overrides, Predicate<String> wanted, Duration timeout) {
    Properties props = new Properties();
    props.putAll(overrides);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "devicetrail-poller-cursors");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    Map<String, DeviceCursor> out = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      List<PartitionInfo> infos = consumer.partitionsFor(NAME, timeout);
      if (infos == null) {
        return out;
      }
      for (PartitionInfo p : infos) {
        partitions.add(new TopicPartition(NAME, p.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not read " + NAME + " to its end within " + timeout);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key() == null || r.value() == null) {
            continue;
          }
          String id = new String(r.key(), StandardCharsets.UTF_8);
          if (!wanted.test(id)) {
            continue;
          }
          DeviceCursor cursor = decode(r.value());
          if (cursor != null && cursor.deviceId().equals(id)) {
            out.merge(id, cursor, CursorTopic::newest);
          }
        }
      }
    }
    return out;
  }

  /**
   * Takes over published cursors that are ahead of the local ones (per feed, the later since wins:
   * both only ever say "acknowledged up to here"). Returns how many devices moved on.
   */
  public static int adopt(CursorStore local, Map<String, DeviceCursor> published)
      throws IOException {
    int adopted = 0;
    for (DeviceCursor remote : published.values()) {
      DeviceCursor mine = local.get(remote.deviceId());
      DeviceCursor merged = newest(mine, remote);
      if (!merged.equals(mine)) {
        local.save(merged);
        adopted++;
      }
    }
    return adopted;
  }

  static DeviceCursor newest(DeviceCursor a, DeviceCursor b) {
    return new DeviceCursor(
        a.deviceId(),
        later(a.signalSince(), b.signalSince()),
        later(a.activitySince(), b.activitySince()));
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isAfter(b) ? a : b;
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static String text(Instant i) {
    return i == null ? null : i.toString();
  }

  private static Instant instant(JsonNode n) {
    return n == null || n.isNull() ? null : Instant.parse(n.asText());
  }
}
