package io.devicetrail.simulator;

/**
 * Device ids {@code dev-000001} … : "dev-" and the 1-based index, zero-padded to at least six
 * digits (more for fleets of a million or more). Within CONTRACT's 1-128 chars of [A-Za-z0-9._:-].
 */
final class DeviceIds {

  private static final String PREFIX = "dev-";

  private final int count;
  private final int width;

  DeviceIds(int count) {
    this.count = count;
    this.width = Math.max(6, Integer.toString(count).length());
  }

  String idOf(int index) {
    String digits = Integer.toString(index + 1);
    StringBuilder sb = new StringBuilder(PREFIX.length() + width).append(PREFIX);
    for (int i = digits.length(); i < width; i++) sb.append('0');
    return sb.append(digits).toString();
  }

  /** The index of {@code id}, or -1 when no device of this fleet has that id. */
  int indexOf(String id) {
    if (id == null || id.length() != PREFIX.length() + width || !id.startsWith(PREFIX)) {
      return -1;
    }
    long n = 0;
    for (int i = PREFIX.length(); i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') return -1;
      n = n * 10 + (c - '0');
    }
    return n >= 1 && n <= count ? (int) (n - 1) : -1;
  }
}
