package io.devicetrail.connectors.kafka;

import io.devicetrail.events.DeadLetter;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Kafka sinks for what the job produces.
 *
 * <p>Delivery guarantees:
 *
 * <ul>
 *   <li>{@link DeliveryGuarantee#AT_LEAST_ONCE}: the producer is flushed on every checkpoint; after
 *       a failure, records since the last checkpoint may be written twice. Enough for dead letters,
 *       whose readers are people and tools.
 *   <li>{@link DeliveryGuarantee#EXACTLY_ONCE}: records are written in a Kafka transaction that
 *       commits when the checkpoint completes. Needs a transactional id prefix that is unique per
 *       sink in the Kafka cluster and stable across restarts ({@link
 *       #DEFAULT_TRANSACTIONAL_ID_PREFIX} unless given), and a transaction timeout no larger than
 *       the broker's {@code transaction.max.timeout.ms} (15 min by default; the connector's own
 *       default of 1 h would be refused): {@link #TRANSACTION_TIMEOUT} is used. The timeout must
 *       exceed the checkpoint interval plus the time a restart takes, or an open transaction is
 *       aborted by the broker and its records lost. Readers see the records only after the commit,
 *       and only with {@code isolation.level=read_committed}.
 * </ul>
 */
public final class KafkaSinks {

  /** Transactional id prefix of the dead-letter sink when none is given. */
  public static final String DEFAULT_TRANSACTIONAL_ID_PREFIX = "devicetrail-deadletter";

  /** Equal to the broker default of {@code transaction.max.timeout.ms}. */
  public static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

  private KafkaSinks() {}

  /** A sink of dead letters to {@code devicetrail.deadletter.v1}. */
  public static KafkaSink<DeadLetter> deadLetters(String bootstrap, DeliveryGuarantee guarantee) {
    return deadLetters(bootstrap, guarantee, DEFAULT_TRANSACTIONAL_ID_PREFIX);
  }

  /**
   * A sink of dead letters; {@code transactionalIdPrefix} is used with {@link
   * DeliveryGuarantee#EXACTLY_ONCE} only.
   */
  public static KafkaSink<DeadLetter> deadLetters(
      String bootstrap, DeliveryGuarantee guarantee, String transactionalIdPrefix) {
    return deadLetters(bootstrap, guarantee, transactionalIdPrefix, KafkaClientSecurity.none());
  }

  /** A sink of dead letters whose producer uses the client's security settings (TLS, SASL). */
  public static KafkaSink<DeadLetter> deadLetters(
      String bootstrap,
      DeliveryGuarantee guarantee,
      String transactionalIdPrefix,
      KafkaClientSecurity security) {
    Objects.requireNonNull(security, "security cannot be null (use KafkaClientSecurity.none())");
    Objects.requireNonNull(bootstrap, "bootstrap cannot be null");
    Objects.requireNonNull(guarantee, "guarantee cannot be null");
    Objects.requireNonNull(transactionalIdPrefix, "transactionalIdPrefix cannot be null");
    KafkaSinkBuilder<DeadLetter> builder = KafkaSink.<DeadLetter>builder();
    security
        .properties()
        .forEach((key, value) -> builder.setProperty((String) key, (String) value));
    return builder
        .setBootstrapServers(bootstrap)
        .setRecordSerializer(new DeadLetterSerializer())
        .setDeliveryGuarantee(guarantee)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setProperty(
            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
            String.valueOf(TRANSACTION_TIMEOUT.toMillis()))
        // Acknowledged by all in-sync replicas, retried without reordering or duplicates.
        .setProperty(ProducerConfig.ACKS_CONFIG, "all")
        .setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
        .build();
  }
}
