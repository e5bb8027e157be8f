package io.devicetrail.connectors.kafka;

import java.util.Objects;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Kafka sources of {@link RawRecord}s for the contract's topics.
 *
 * <pre>{@code
 * env.fromSource(
 *     KafkaSources.raw("127.0.0.1:9092", Topics.SIGNAL, "devicetrail-job",
 *         OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST)),
 *     WatermarkStrategy.noWatermarks(), "signal-raw");
 * }</pre>
 *
 * <p>Settings applied:
 *
 * <ul>
 *   <li>{@code isolation.level=read_committed}: records of aborted producer transactions (an
 *       exactly-once producer that failed) are never read. Without transactional producers this
 *       changes nothing.
 *   <li>Offsets are committed to the group on each completed checkpoint (the connector's default);
 *       they only show progress to operators, the job restores its own offsets from checkpoints.
 *   <li>{@code client.id.prefix = <groupId>-<topic>}, so several sources in one job are told apart.
 * </ul>
 */
public final class KafkaSources {

  private KafkaSources() {}

  /** An unbounded source of every record of {@code topic}, starting at {@code starting}. */
  public static KafkaSource<RawRecord> raw(
      String bootstrap, String topic, String groupId, OffsetsInitializer starting) {
    return rawBuilder(bootstrap, topic, groupId, starting).build();
  }

  /**
   * As {@link #raw}, with the client's security settings (TLS, SASL) added to the consumer's and to
   * the partition discovery's admin client.
   */
  public static KafkaSource<RawRecord> raw(
      String bootstrap,
      String topic,
      String groupId,
      OffsetsInitializer starting,
      KafkaClientSecurity security) {
    Objects.requireNonNull(security, "security cannot be null (use KafkaClientSecurity.none())");
    return rawBuilder(bootstrap, topic, groupId, starting)
        .setProperties(security.properties())
        .build();
  }

  /**
   * The builder behind {@link #raw}, for callers that need more, for example tests that make the
   * source finite with {@code setBounded(OffsetsInitializer.latest())}.
   */
  public static KafkaSourceBuilder<RawRecord> rawBuilder(
      String bootstrap, String topic, String groupId, OffsetsInitializer starting) {
    Objects.requireNonNull(bootstrap, "bootstrap cannot be null");
    Objects.requireNonNull(topic, "topic cannot be null");
    Objects.requireNonNull(groupId, "groupId cannot be null");
    Objects.requireNonNull(starting, "starting offsets cannot be null");
    return KafkaSource.<RawRecord>builder()
        .setBootstrapServers(bootstrap)
        .setTopics(topic)
        .setGroupId(groupId)
        .setStartingOffsets(starting)
        .setDeserializer(new RawRecordDeserializer())
        .setClientIdPrefix(groupId + "-" + topic)
        .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
  }
}
