package io.devicetrail.poller.metrics;

import io.devicetrail.poller.Poller;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Healthy when the polling loop showed a sign of life within {@code maxLoopSilence} (it beats at
 * least a few times a second while it runs) and Kafka answers.
 */
public final class PollerHealth {
  private final Poller poller;
  private final BooleanSupplier kafkaReachable;
  private final Duration maxLoopSilence;

  public PollerHealth(Poller poller, BooleanSupplier kafkaReachable, Duration maxLoopSilence) {
    this.poller = poller;
    this.kafkaReachable = kafkaReachable;
    this.maxLoopSilence = maxLoopSilence;
  }

  public MetricsServer.Health check() {
    long silentMs = System.currentTimeMillis() - poller.heartbeatMillis();
    boolean loop = silentMs <= maxLoopSilence.toMillis();
    boolean kafka = kafkaReachable.getAsBoolean();
    boolean up = loop && kafka;
    String json =
        "{\"status\":\""
            + (up ? "UP" : "DOWN")
            + "\",\"loop\":\""
            + (loop ? "UP" : "DOWN")
            + "\",\"loop_silent_ms\":"
            + silentMs
            + ",\"kafka\":\""
            + (kafka ? "UP" : "DOWN")
            + "\",\"devices\":"
            + poller.schedule().size()
            + ",\"shard\":\""
            + poller.shard()
            + "\"}";
    return new MetricsServer.Health(up, json);
  }
}
