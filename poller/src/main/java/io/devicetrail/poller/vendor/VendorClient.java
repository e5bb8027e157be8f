package io.devicetrail.poller.vendor;

import java.time.Instant;

/**
 * The vendor device API of CONTRACT §1, one call per method. Implementations retry transient faults
 * themselves; what they throw is final for this call.
 */
public interface VendorClient {

  /** One page of the device list; {@code cursor} null for the first page. */
  DevicePage listDevices(String cursor, int limit) throws VendorException, InterruptedException;

  /**
   * Signal readings with {@code ts} after {@code since} (exclusive; null for all), ts ascending.
   */
  RecordPage signal(String deviceId, Instant since, int limit)
      throws VendorException, InterruptedException;

  /**
   * Activity events with {@code ts} after {@code since} (exclusive; null for all), ts ascending.
   */
  RecordPage activity(String deviceId, Instant since, int limit)
      throws VendorException, InterruptedException;

  /**
   * How long, in milliseconds, a call made now would only wait or be refused (the API asked us to
   * slow down, or is considered down): the scheduler does not start device polls meanwhile.
   */
  default long pauseMillis() {
    return 0;
  }
}
