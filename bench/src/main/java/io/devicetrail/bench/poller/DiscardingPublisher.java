package io.devicetrail.bench.poller;

import io.devicetrail.events.EventCodec;
import io.devicetrail.events.Topics;
import io.devicetrail.poller.publish.EventPublisher;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Acknowledges every record at once (Kafka left out, to measure the poller and the API), and keeps,
 * when asked, the first fetched_at of each signal reading ({@code device@ts}) for freshness.
 */
final class DiscardingPublisher implements EventPublisher {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  final LongAdder records = new LongAdder();
  final Map<String, Instant> firstFetched;

  DiscardingPublisher(boolean keepFetchedAt) {
    this.firstFetched = keepFetchedAt ? new ConcurrentHashMap<>() : null;
  }

  @Override
  public CompletableFuture<Void> send(String topic, String key, byte[] value) {
    records.increment();
    if (firstFetched != null && topic.equals(Topics.SIGNAL)) {
      var reading = EventCodec.decodeSignal(value).value();
      firstFetched.putIfAbsent(key + "@" + reading.ts(), reading.fetchedAt());
    }
    return DONE;
  }
}
