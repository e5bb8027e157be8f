package io.devicetrail.poller.vendor;

import java.util.List;

/**
 * One page of {@code GET /v1/devices}: the vendor's device objects as received, and the cursor of
 * the next page (null on the last page).
 */
public record DevicePage(List<VendorRecord> devices, String nextCursor) {
  public DevicePage {
    devices = List.copyOf(devices);
  }

  public boolean isLast() {
    return nextCursor == null;
  }
}
