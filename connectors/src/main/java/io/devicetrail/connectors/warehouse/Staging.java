package io.devicetrail.connectors.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/** The JDBC side of the writers: runs statements and loads rows with multi-row INSERTs. */
final class Staging {

  private Staging() {}

  static void run(Connection c, List<String> statements) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** Runs one step, binding the time range if it takes one; returns its update count. */
  static int run(Connection c, SqlStep step, Instant from, Instant to) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(step.sql())) {
      if (step.bindsTimeRange()) {
        SqlValues.timestamp(ps, 1, from);
        SqlValues.timestamp(ps, 2, to);
      }
      ps.execute();
      return Math.max(0, ps.getUpdateCount());
    }
  }

  /**
   * Inserts {@code rows} (values in {@code columns} order) into {@code table} with as few multi-row
   * INSERTs as the parameter limit allows.
   */
  static void insertRows(
      Connection c,
      WarehouseDialect dialect,
      String table,
      List<Column> columns,
      List<Object[]> rows)
      throws SQLException {
    int perStatement = WarehouseDialect.rowsPerInsert(columns.size());
    int fullChunks = rows.size() / perStatement;
    if (fullChunks > 0) {
      try (PreparedStatement ps =
          c.prepareStatement(dialect.insertValues(table, columns, perStatement))) {
        for (int chunk = 0; chunk < fullChunks; chunk++) {
          bindRows(ps, columns, rows.subList(chunk * perStatement, (chunk + 1) * perStatement));
          ps.executeUpdate();
        }
      }
    }
    int rest = rows.size() - fullChunks * perStatement;
    if (rest > 0) {
      try (PreparedStatement ps = c.prepareStatement(dialect.insertValues(table, columns, rest))) {
        bindRows(ps, columns, rows.subList(fullChunks * perStatement, rows.size()));
        ps.executeUpdate();
      }
    }
  }

  private static void bindRows(PreparedStatement ps, List<Column> columns, List<Object[]> rows)
      throws SQLException {
    int index = 1;
    for (Object[] row : rows) {
      for (int i = 0; i < columns.size(); i++) {
        SqlValues.bind(ps, index++, columns.get(i).type(), row[i]);
      }
    }
  }

  /** Runs a statement with {@code values} bound as BIGINTs; returns its update count. */
  static int runWithLongs(Connection c, String sql, List<Long> values) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < values.size(); i++) {
        ps.setLong(i + 1, values.get(i));
      }
      return ps.executeUpdate();
    }
  }
}
