package io.devicetrail.events;

import java.time.Instant;

/**
 * Anything rejected anywhere, with the reason (CONTRACT §2, topic {@code
 * devicetrail.deadletter.v1}). {@code rule} is the machine-readable name of the broken rule (an
 * addition to the contract's fields); {@code reason} is the same rule with a human-readable detail.
 * {@code topic}, {@code partition} and {@code offset} are null when the record never was in Kafka
 * (rejected by the poller).
 */
public record DeadLetter(
    String stage,
    String rule,
    String reason,
    String topic,
    Integer partition,
    Long offset,
    String payload,
    Instant at) {

  public static final String SCHEMA = "deadletter.v1";

  /** A dead letter for a payload that was read from Kafka. */
  public static DeadLetter fromKafka(
      String stage,
      Violation violation,
      String topic,
      int partition,
      long offset,
      String payload,
      Instant at) {
    return new DeadLetter(
        stage, violation.rule().code(), violation.reason(), topic, partition, offset, payload, at);
  }

  /** A dead letter for a payload that never reached Kafka (for example rejected by the poller). */
  public static DeadLetter fromSource(
      String stage, Violation violation, String payload, Instant at) {
    return new DeadLetter(
        stage, violation.rule().code(), violation.reason(), null, null, null, payload, at);
  }
}
