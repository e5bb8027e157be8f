package io.devicetrail.poller;

import java.util.Objects;

/** A device the poller polls: its id and the tenant its records carry, from the device list. */
record Device(String id, String tenantId) {
  Device {
    Objects.requireNonNull(id, "id cannot be null");
    Objects.requireNonNull(tenantId, "tenantId cannot be null");
  }
}
