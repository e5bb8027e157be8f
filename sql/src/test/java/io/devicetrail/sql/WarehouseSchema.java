package io.devicetrail.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads back a warehouse stand-in's tables from PostgreSQL's catalog, in a flavour-neutral form.
 */
final class WarehouseSchema {

  private WarehouseSchema() {}

  /**
   * Table name to its columns as {@code name type [not null] [identity]}, types as PostgreSQL names
   * them ({@code character varying(128)}), the history table excepted. Tables only: views are
   * compared by {@link WarehouseFlavoursTest} through their comments.
   */
  static Map<String, List<String>> columns(Connection c) throws SQLException {
    return groupByTable(
        c,
        "SELECT table_name, column_name || ' ' || data_type"
            + " || CASE WHEN character_maximum_length IS NULL THEN ''"
            + "    ELSE '(' || character_maximum_length || ')' END"
            + " || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END"
            + " || CASE WHEN is_identity = 'YES' THEN ' identity' ELSE '' END"
            + " FROM information_schema.columns"
            + " WHERE table_schema = 'public'"
            + " AND table_name IN (SELECT table_name FROM information_schema.tables"
            + "   WHERE table_schema = 'public' AND table_type = 'BASE TABLE')"
            + " AND table_name <> '"
            + WarehouseMigrator.HISTORY_TABLE
            + "' ORDER BY table_name, ordinal_position");
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
            + " AND t.table_name <> '"
            + WarehouseMigrator.HISTORY_TABLE
            + "' ORDER BY k.table_name, k.ordinal_position");
  }

  /** Table name to its index definitions. */
  static Map<String, List<String>> indexes(Connection c) throws SQLException {
    return groupByTable(
        c,
        "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public'"
            + " AND tablename <> '"
            + WarehouseMigrator.HISTORY_TABLE
            + "' ORDER BY tablename, indexname");
  }

  static List<String> history(Connection c) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT version, script FROM "
                    + WarehouseMigrator.HISTORY_TABLE
                    + " ORDER BY version")) {
      while (rs.next()) {
        rows.add(rs.getInt(1) + " " + rs.getString(2));
      }
    }
    return rows;
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
