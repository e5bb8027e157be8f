package io.devicetrail.poller.cursor;

import java.io.IOException;
import java.util.Map;

/**
 * Durable per-device cursors. A {@link #save} that returns has made the cursor durable; the poller
 * calls it only after Kafka acknowledged every record up to the cursor. Saves of different devices
 * may run concurrently.
 */
public interface CursorStore extends AutoCloseable {

  /** The device's cursor, or {@link DeviceCursor#start} if it has none. */
  DeviceCursor get(String deviceId);

  /** Every stored cursor, by device id. */
  Map<String, DeviceCursor> all();

  void save(DeviceCursor cursor) throws IOException;

  @Override
  void close() throws IOException;
}
