package io.devicetrail.web.api;

import io.devicetrail.events.Validator;
import io.devicetrail.web.http.HttpProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Opaque paging cursors: the key of the last item of a page, versioned and URL-safe base64. A
 * client passes them back as they are; anything else is a 400.
 */
final class Cursors {

  /** Where an activity page ended: its last event's (ts, event_id). */
  record ActivityKey(Instant ts, String eventId) {}

  private Cursors() {}

  static String afterDevice(String deviceId) {
    return encode("d1|" + deviceId);
  }

  static String deviceFrom(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    String text = decode(cursor);
    if (!text.startsWith("d1|") || !Validator.isValidDeviceId(text.substring(3))) {
      throw bad();
    }
    return text.substring(3);
  }

  static String afterActivity(Instant ts, String eventId) {
    return encode("a1|" + ts + "|" + eventId);
  }

  static ActivityKey activityFrom(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    String[] parts = decode(cursor).split("\\|", 3);
    if (parts.length != 3 || !parts[0].equals("a1") || parts[2].isEmpty()) {
      throw bad();
    }
    try {
      return new ActivityKey(Instant.parse(parts[1]), parts[2]);
    } catch (DateTimeParseException e) {
      throw bad();
    }
  }

  private static String encode(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor) {
    if (cursor.length() > 1024) {
      throw bad();
    }
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw bad();
    }
  }

  private static HttpProblem bad() {
    return HttpProblem.badParameter(
        "cursor", "cursor is not one this API gave out: pass next_cursor back unchanged.");
  }
}
