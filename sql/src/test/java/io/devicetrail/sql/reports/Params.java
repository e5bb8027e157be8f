package io.devicetrail.sql.reports;

import java.util.LinkedHashMap;
import java.util.Map;

/** Report parameter values, nulls allowed (Map.of refuses them). */
final class Params {

  private Params() {}

  static Map<String, Object> of(Object... namesAndValues) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      values.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return values;
  }
}
