package io.devicetrail.poller.vendor;

/** The vendor answered 404 for a device: it no longer exists (or not yet). Never retried. */
public final class DeviceNotFoundException extends VendorException {
  private final String deviceId;

  public DeviceNotFoundException(String deviceId) {
    super("device " + deviceId + " not found (404)");
    this.deviceId = deviceId;
  }

  public String deviceId() {
    return deviceId;
  }
}
