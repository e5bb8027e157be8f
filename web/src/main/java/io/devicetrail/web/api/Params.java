package io.devicetrail.web.api;

import io.devicetrail.events.Validator;
import io.devicetrail.web.http.HttpProblem;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The read API's query parameters, each checked with a message naming it (400 otherwise). */
final class Params {

  static final int MAX_LIMIT = 1000;
  private static final Pattern ACTIVITY_TYPE = Pattern.compile("[A-Z][A-Z_]{0,31}");

  private final Map<String, String> values;

  Params(Map<String, String> values) {
    this.values = values;
  }

  Map<String, String> all() {
    return values;
  }

  /** Only these parameters (a typo such as {@code form=} would otherwise be ignored silently). */
  Params only(Set<String> allowed) {
    for (String name : values.keySet()) {
      if (!allowed.contains(name)) {
        throw HttpProblem.badParameter(
            name, "Unknown parameter '" + clip(name) + "'; this call takes " + allowed + ".");
      }
    }
    return this;
  }

  String text(String name, int maxLength) {
    String v = values.get(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    if (v.length() > maxLength) {
      throw HttpProblem.badParameter(name, name + " is at most " + maxLength + " characters.");
    }
    return v.strip();
  }

  String devicePrefix(String name) {
    String v = text(name, 128);
    if (v != null && !Validator.isValidDeviceId(v)) {
      throw HttpProblem.badParameter(
          name, name + " must be (the start of) a device id: A-Z a-z 0-9 . _ : - only.");
    }
    return v;
  }

  String activityType(String name) {
    String v = text(name, 32);
    if (v != null && !ACTIVITY_TYPE.matcher(v).matches()) {
      throw HttpProblem.badParameter(name, name + " is an upper-case word such as TIMEOUT.");
    }
    return v;
  }

  int limit(int defaultLimit) {
    String v = values.get("limit");
    if (v == null || v.isEmpty()) {
      return defaultLimit;
    }
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw HttpProblem.badParameter(
          "limit", "limit is a whole number from 1 to " + MAX_LIMIT + ".");
    }
    if (n < 1 || n > MAX_LIMIT) {
      throw HttpProblem.badParameter(
          "limit", "limit is a whole number from 1 to " + MAX_LIMIT + ".");
    }
    return n;
  }

  Instant instant(String name) {
    String v = values.get(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      throw HttpProblem.badParameter(
          name, name + " is an RFC 3339 time such as 2026-11-26T10:05:00Z.");
    }
  }

  /** One of {@code choices} (case-insensitive), else {@code fallback} when absent. */
  String choice(String name, Set<String> choices, String fallback) {
    String v = values.get(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    String lower = v.toLowerCase(Locale.ROOT);
    if (!choices.contains(lower)) {
      throw HttpProblem.badParameter(name, name + " is one of " + choices + ".");
    }
    return lower;
  }

  static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
