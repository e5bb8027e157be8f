package io.devicetrail.sql.reports;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a report and reads its rows as column name to value: Instant, Double, Long, String. */
final class ReportRows {

  private ReportRows() {}

  static List<Map<String, Object>> run(Connection c, String report, Map<String, ?> values)
      throws SQLException {
    try (PreparedStatement ps = Report.load(report).prepare(c, values);
        ResultSet rs = ps.executeQuery()) {
      return read(rs);
    }
  }

  static List<Map<String, Object>> read(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    List<Map<String, Object>> rows = new ArrayList<>();
    while (rs.next()) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        row.put(meta.getColumnLabel(i), value(rs, i, meta.getColumnTypeName(i)));
      }
      rows.add(row);
    }
    return rows;
  }

  private static Object value(ResultSet rs, int i, String type) throws SQLException {
    Object value;
    if (type.equals("timestamptz")) {
      OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
      return t == null ? null : t.toInstant();
    }
    value = rs.getObject(i);
    if (value instanceof BigDecimal || value instanceof Float || value instanceof Double) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof Integer || value instanceof Short) {
      return ((Number) value).longValue();
    }
    return value;
  }
}
