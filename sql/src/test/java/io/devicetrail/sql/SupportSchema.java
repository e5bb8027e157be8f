package io.devicetrail.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads back what a database's public schema holds, from the catalog. */
final class SupportSchema {

  /**
   * The daily partitions of signal_recent and activity_recent (V5) are tables of their own in the
   * catalog; the schema is their parents'.
   */
  private static String notAPartition(String tableColumn) {
    return " AND " + tableColumn + " NOT IN (SELECT relname FROM pg_class WHERE relispartition)";
  }

  private SupportSchema() {}

  /** Table name to its columns as {@code name type [not null]}, Flyway's history table excepted. */
  static Map<String, List<String>> columns(Connection c) throws SQLException {
    return groupByTable(
        c,
        "SELECT table_name, column_name || ' ' || data_type"
            + " || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END"
            + " FROM information_schema.columns"
            + " WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history'"
            + notAPartition("table_name")
            + " ORDER BY table_name, ordinal_position");
  }

  /** Table name to its primary key columns, in key order. */
  static Map<String, List<String>> primaryKeys(Connection c) throws SQLException {
    return groupByTable(
        c,
        "SELECT k.table_name, k.column_name"
            + " FROM information_schema.table_constraints t"
            + " JOIN information_schema.key_column_usage k"
            + " ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema"
            + " WHERE t.table_schema = 'public' AND t.constraint_type = 'PRIMARY KEY'"
            + " AND t.table_name <> 'flyway_schema_history'"
            + notAPartition("t.table_name")
            + " ORDER BY k.table_name, k.ordinal_position");
  }

  /** Table name to its index definitions. */
  static Map<String, List<String>> indexes(Connection c) throws SQLException {
    return groupByTable(
        c,
        "SELECT tablename, indexdef FROM pg_indexes"
            + " WHERE schemaname = 'public' AND tablename <> 'flyway_schema_history'"
            + notAPartition("tablename")
            + " ORDER BY tablename, indexname");
  }

  static int appliedMigrations(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static Map<String, List<String>> groupByTable(Connection c, String sql)
      throws SQLException {
    Map<String, List<String>> byTable = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        byTable.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2));
      }
    }
    return byTable;
  }
}
