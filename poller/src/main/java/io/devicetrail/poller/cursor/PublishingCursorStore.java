package io.devicetrail.poller.cursor;

import io.devicetrail.poller.publish.EventPublisher;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cursor store that also publishes every saved cursor to {@link CursorTopic#NAME}, after the
 * local save. The topic may lag (a send that fails is not retried: the next save of the device
 * publishes a newer cursor); a new owner that reads an older cursor only fetches some records
 * again.
 */
public final class PublishingCursorStore implements CursorStore {
  private final CursorStore local;
  private final EventPublisher publisher;
  private final String shard;
  private final Clock clock;
  private final AtomicLong sendErrors = new AtomicLong();

  public PublishingCursorStore(
      CursorStore local, EventPublisher publisher, String shard, Clock clock) {
    this.local = local;
    this.publisher = publisher;
    this.shard = shard;
    this.clock = clock;
  }

  @Override
  public DeviceCursor get(String deviceId) {
    return local.get(deviceId);
  }

  @Override
  public Map<String, DeviceCursor> all() {
    return local.all();
  }

  @Override
  public void save(DeviceCursor cursor) throws IOException {
    local.save(cursor);
    publisher
        .send(
            CursorTopic.NAME, cursor.deviceId(), CursorTopic.encode(cursor, shard, clock.instant()))
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                sendErrors.incrementAndGet();
              }
            });
  }

  /** Cursor records Kafka did not take. */
  public long sendErrors() {
    return sendErrors.get();
  }

  /** Closes the local store. */
  @Override
  public void close() throws IOException {
    local.close();
  }
}
