package io.devicetrail.poller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devicetrail.events.Decoded;
import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.EventCodec;
import io.devicetrail.events.Rule;
import io.devicetrail.events.Validator;
import io.devicetrail.events.Violation;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns vendor objects into contract objects (CONTRACT §2): the vendor's fields, plus {@code
 * schema}, the device's {@code device_id} and {@code tenant_id}, and {@code fetched_at}; then the
 * strict codec of module events decides whether the result is valid.
 */
final class VendorRecords {
  /** Fields the poller sets itself; a vendor record cannot override them. */
  private static final Set<String> SET_BY_POLLER =
      Set.of("schema", "device_id", "tenant_id", "fetched_at");

  private VendorRecords() {}

  /** A signal reading or activity event of {@code device}, as its Kafka value or its violation. */
  static EncodedEvent event(Feed feed, Device device, JsonNode record, Instant fetchedAt) {
    if (!record.isObject()) {
      return EncodedEvent.invalid(
          new Violation(Rule.MALFORMED_JSON, "vendor record is not a JSON object"));
    }
    ObjectNode node = EventCodec.newObject();
    node.put("schema", feed.schema);
    node.put("device_id", device.id());
    node.put("tenant_id", device.tenantId());
    for (Map.Entry<String, JsonNode> field : record.properties()) {
      if (!SET_BY_POLLER.contains(field.getKey())) {
        node.set(field.getKey(), field.getValue());
      }
    }
    node.put("fetched_at", fetchedAt.toString());
    return feed.decode(node);
  }

  /** A device list entry as a DeviceSnapshot, or the rule it broke. */
  static Decoded<DeviceSnapshot> snapshot(JsonNode device, Instant fetchedAt) {
    if (!device.isObject()) {
      return Decoded.invalid(Rule.MALFORMED_JSON, "vendor device is not a JSON object");
    }
    ObjectNode node = EventCodec.newObject();
    node.put("schema", DeviceSnapshot.SCHEMA);
    for (Map.Entry<String, JsonNode> field : device.properties()) {
      if (!field.getKey().equals("schema") && !field.getKey().equals("fetched_at")) {
        node.set(field.getKey(), field.getValue());
      }
    }
    node.put("fetched_at", fetchedAt.toString());
    return EventCodec.decodeSnapshot(node);
  }

  /**
   * The device to poll from a device list entry, if it can be polled: a valid {@code device_id} and
   * a {@code tenant_id} (an entry whose other attributes are broken still has readings).
   */
  static Optional<Device> pollable(JsonNode device) {
    JsonNode id = device.get("device_id");
    JsonNode tenant = device.get("tenant_id");
    if (id == null
        || !id.isTextual()
        || !Validator.isValidDeviceId(id.textValue())
        || tenant == null
        || !tenant.isTextual()
        || tenant.textValue().isBlank()
        || tenant.textValue().length() > 128) {
      return Optional.empty();
    }
    return Optional.of(new Device(id.textValue(), tenant.textValue()));
  }

  /** The record's {@code ts}, or null when it has none that parses. */
  static Instant ts(JsonNode record) {
    JsonNode ts = record.get("ts");
    if (ts == null || !ts.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(ts.textValue());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
