package io.devicetrail.poller.publish;

import java.util.concurrent.CompletableFuture;

/** Where the poller's records go. Thread-safe. */
public interface EventPublisher {

  /**
   * Sends one record keyed by {@code key} (UTF-8). The future completes once the record is durably
   * acknowledged and fails if it never will be; it never completes for a record that was lost.
   */
  CompletableFuture<Void> send(String topic, String key, byte[] value);
}
