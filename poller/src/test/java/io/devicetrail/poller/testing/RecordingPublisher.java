package io.devicetrail.poller.testing;

import io.devicetrail.poller.publish.EventPublisher;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * An in-memory stand-in for Kafka in unit tests of the poller's own logic: it keeps every record it
 * acknowledges, in send order, and refuses the records a test tells it to (as a broker would fail a
 * send), so that what the poller does with failed sends can be checked. Integration tests use real
 * Kafka.
 */
public final class RecordingPublisher implements EventPublisher {

  /** A record as sent. */
  public record Sent(String topic, String key, String value) {}

  private final List<Sent> acknowledged = new CopyOnWriteArrayList<>();
  private final List<Sent> refused = new CopyOnWriteArrayList<>();
  private volatile Predicate<Sent> refuse = s -> false;

  /** From now on, records matching {@code predicate} fail instead of being acknowledged. */
  public void refuse(Predicate<Sent> predicate) {
    this.refuse = predicate;
  }

  public void acceptAll() {
    this.refuse = s -> false;
  }

  @Override
  public CompletableFuture<Void> send(String topic, String key, byte[] value) {
    Sent sent = new Sent(topic, key, new String(value, StandardCharsets.UTF_8));
    if (refuse.test(sent)) {
      refused.add(sent);
      return CompletableFuture.failedFuture(
          new org.apache.kafka.common.errors.TimeoutException("refused by the test"));
    }
    acknowledged.add(sent);
    return CompletableFuture.completedFuture(null);
  }

  public List<Sent> acknowledged() {
    return List.copyOf(acknowledged);
  }

  public List<Sent> acknowledged(String topic) {
    return acknowledged.stream().filter(s -> s.topic().equals(topic)).toList();
  }

  public List<Sent> refused() {
    return List.copyOf(refused);
  }

  public void clear() {
    acknowledged.clear();
    refused.clear();
  }
}
