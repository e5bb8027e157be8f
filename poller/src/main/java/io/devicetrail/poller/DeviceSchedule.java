package io.devicetrail.poller;

import java.time.Instant;

/**
 * When one device is polled next. Version 1 polls every device that is not removed in every round;
 * this is the place where adaptive, per-device scheduling (learned upload gaps, backoff after
 * failures) will decide instead. A device is polled by one worker at a time.
 */
final class DeviceSchedule {
  private volatile Device device;
  private volatile boolean removed;
  private volatile PollOutcome lastOutcome;
  private volatile Instant lastPolledAt;
  private volatile int consecutiveFailures;

  DeviceSchedule(Device device) {
    this.device = device;
  }

  Device device() {
    return device;
  }

  boolean isDue(Instant now) {
    return !removed;
  }

  boolean isRemoved() {
    return removed;
  }

  /** The device list shows the device (again): poll it, with the tenant the list says. */
  void listed(Device current) {
    this.device = current;
    this.removed = false;
  }

  void polled(PollOutcome outcome, Instant at) {
    lastOutcome = outcome;
    lastPolledAt = at;
    consecutiveFailures = outcome.isFailure() ? consecutiveFailures + 1 : 0;
    if (outcome == PollOutcome.REMOVED) {
      removed = true;
    }
  }

  PollOutcome lastOutcome() {
    return lastOutcome;
  }

  Instant lastPolledAt() {
    return lastPolledAt;
  }

  int consecutiveFailures() {
    return consecutiveFailures;
  }
}
