package io.devicetrail.events;

import java.util.Objects;

/**
 * The result of decoding and validating one payload: either a valid event or the rule it broke. A
 * result type rather than an exception, because rejects are expected data, not failures.
 */
public final class Decoded<T> {
  private final T value;
  private final Violation violation;

  private Decoded(T value, Violation violation) {
    this.value = value;
    this.violation = violation;
  }

  public static <T> Decoded<T> valid(T value) {
    return new Decoded<>(Objects.requireNonNull(value, "value"), null);
  }

  public static <T> Decoded<T> invalid(Violation violation) {
    return new Decoded<>(null, Objects.requireNonNull(violation, "violation"));
  }

  public static <T> Decoded<T> invalid(Rule rule, String detail) {
    return invalid(new Violation(rule, detail));
  }

  public boolean isValid() {
    return violation == null;
  }

  /** The event; only for a valid result. */
  public T value() {
    if (violation != null) {
      throw new IllegalStateException("invalid: " + violation.reason());
    }
    return value;
  }

  /** The broken rule; only for an invalid result. */
  public Violation violation() {
    if (violation == null) {
      throw new IllegalStateException("valid result has no violation");
    }
    return violation;
  }

  @Override
  public String toString() {
    return isValid() ? "Valid[" + value + "]" : "Invalid[" + violation.reason() + "]";
  }
}
