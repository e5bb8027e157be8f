package io.devicetrail.poller.vendor;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Percent-encoding for the parts of a request URI that come from data. */
final class UriText {
  private UriText() {}

  /** A query parameter value. */
  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * One path segment: unreserved characters and ':' stay (device ids use both), the rest is
   * encoded.
   */
  static String pathSegment(String value) {
    if (value.equals(".") || value.equals("..")) {
      // Would be read as "this" or "parent" directory.
      return value.replace(".", "%2E");
    }
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || c == ':') {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)));
        out.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
