package io.devicetrail.events;

/** The Kafka topics of CONTRACT §2. Key = {@code device_id} as UTF-8; value = one JSON object. */
public final class Topics {
  public static final String SIGNAL = "devicetrail.signal.v1";
  public static final String ACTIVITY = "devicetrail.activity.v1";

  /** Compacted: the device list as last seen. */
  public static final String DEVICE = "devicetrail.device.v1";

  /** Anything rejected anywhere, with the reason. */
  public static final String DEADLETTER = "devicetrail.deadletter.v1";

  private Topics() {}
}
