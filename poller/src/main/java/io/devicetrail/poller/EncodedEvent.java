package io.devicetrail.poller;

import io.devicetrail.events.Decoded;
import io.devicetrail.events.Violation;
import java.util.function.Function;

/** A vendor record made into a contract event: its Kafka value, or the rule it broke. */
record EncodedEvent(byte[] value, Violation violation) {

  static <T> EncodedEvent of(Decoded<T> decoded, Function<T, byte[]> encoder) {
    return decoded.isValid()
        ? new EncodedEvent(encoder.apply(decoded.value()), null)
        : new EncodedEvent(null, decoded.violation());
  }

  static EncodedEvent invalid(Violation violation) {
    return new EncodedEvent(null, violation);
  }

  boolean isValid() {
    return violation == null;
  }
}
