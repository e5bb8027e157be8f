package io.devicetrail.connectors.warehouse;

import java.io.Serializable;

/**
 * One column of a warehouse table as its writer sees it.
 *
 * @param maxBytes for TEXT and JSON, the largest value in UTF-8 bytes the column takes; 0 otherwise
 */
record Column(String name, SqlType type, int maxBytes, boolean nullable) implements Serializable {

  static Column text(String name, int maxBytes) {
    return new Column(name, SqlType.TEXT, maxBytes, true);
  }

  static Column json(String name, int maxBytes) {
    return new Column(name, SqlType.JSON, maxBytes, true);
  }

  static Column of(String name, SqlType type) {
    return new Column(name, type, 0, true);
  }

  Column notNull() {
    return new Column(name, type, maxBytes, false);
  }
}
