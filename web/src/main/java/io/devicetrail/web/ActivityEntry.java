package io.devicetrail.web;

import java.time.Instant;

/** One line of the activity timeline. */
public record ActivityEntry(Instant ts, String type, String outcome, String detailJson) {

  /** Failures and timeouts are what support looks for first. */
  public boolean isTrouble() {
    return "FAILED".equals(outcome) || "TIMEOUT".equals(type);
  }
}
