package io.devicetrail.poller.cursor;

import java.time.Instant;
import java.util.Objects;

/**
 * Where polling of one device resumes: the {@code since} of its next signal and activity requests
 * (exclusive; null = from the beginning). Each is the {@code ts} of the last record that Kafka
 * acknowledged, so a restart neither skips nor refetches more than the unacknowledged tail.
 */
public record DeviceCursor(String deviceId, Instant signalSince, Instant activitySince) {

  public DeviceCursor {
    Objects.requireNonNull(deviceId, "deviceId cannot be null");
  }

  /** A device never polled before. */
  public static DeviceCursor start(String deviceId) {
    return new DeviceCursor(deviceId, null, null);
  }

  public DeviceCursor withSignalSince(Instant since) {
    return new DeviceCursor(deviceId, since, activitySince);
  }

  public DeviceCursor withActivitySince(Instant since) {
    return new DeviceCursor(deviceId, signalSince, since);
  }
}
