package io.devicetrail.events;

/**
 * A broken validity rule and what exactly broke it, e.g. {@code rssi_dbm=12.0 outside [-150, 0]}.
 */
public record Violation(Rule rule, String detail) {

  /** The rule's code followed by the detail: what a dead letter's {@code reason} says. */
  public String reason() {
    return rule.code() + ": " + detail;
  }
}
