package io.devicetrail.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/** The query parameters of one request, checked strictly: anything malformed is a 400. */
final class QueryParams {

  private final Map<String, String> values;

  private QueryParams(Map<String, String> values) {
    this.values = values;
  }

  static QueryParams parse(String rawQuery) {
    Map<String, String> values = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) return new QueryParams(values);
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (values.put(name, value) != null) {
        throw new BadRequestException("parameter '" + clip(name) + "' is given more than once");
      }
    }
    return new QueryParams(values);
  }

  /** {@code limit}: absent means {@code dflt}; otherwise an integer in [1, max]. */
  int limit(int dflt, int max) {
    String v = values.get("limit");
    if (v == null) return dflt;
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= max) return n;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadRequestException(
        "limit must be an integer from 1 to " + max + ", was '" + clip(v) + "'");
  }

  /** {@code since}: absent means null; otherwise an RFC 3339 timestamp. */
  Instant since() {
    String v = values.get("since");
    if (v == null) return null;
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(v).toInstant();
      } catch (DateTimeParseException e2) {
        throw new BadRequestException(
            "since must be an RFC 3339 timestamp such as 2026-11-26T10:05:00Z, was '"
                + clip(v)
                + "'");
      }
    }
  }

  String get(String name) {
    return values.get(name);
  }

  private static String decode(String s) {
    try {
      // '+' is kept: in a timestamp it is an offset sign, not an encoded space.
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("query string is not correctly percent-encoded");
    }
  }

  static String clip(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
