package io.devicetrail.web;

/** The support database's device status (CONTRACT §6), or UNKNOWN before any data arrived. */
public enum Status {
  AWAKE,
  ASLEEP,
  OVERDUE,
  SILENT,
  UNKNOWN;

  static Status of(String value) {
    if (value == null) {
      return UNKNOWN;
    }
    try {
      return valueOf(value);
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
  }

  /** The CSS class and the word shown on a badge. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
