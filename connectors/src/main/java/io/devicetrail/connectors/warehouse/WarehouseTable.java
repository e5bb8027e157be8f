package io.devicetrail.connectors.warehouse;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A warehouse table as its writer sees it: name, columns in table order, key, the time column that
 * leads its sort key, and how a row of type {@code T} becomes column values. The definitions are
 * checked against the migrated stand-in's catalog (WarehouseTablesTest), which the sql module's
 * tests hold equal to the Redshift DDL.
 */
abstract class WarehouseTable<T> implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final List<Column> columns;
  private final List<String> keyColumns;
  private final String timeColumn;
  private final int[] keyPositions;

  WarehouseTable(String name, List<Column> columns, List<String> keyColumns, String timeColumn) {
    this.name = name;
    this.columns = List.copyOf(columns);
    this.keyColumns = List.copyOf(keyColumns);
    this.timeColumn = timeColumn;
    this.keyPositions = keyColumns.stream().mapToInt(this::position).toArray();
    if (timeColumn != null
        && (columns.get(position(timeColumn)).type() != SqlType.TIMESTAMP
            || !keyColumns.contains(timeColumn))) {
      throw new IllegalArgumentException(timeColumn + " of " + name + " is not a key timestamp");
    }
  }

  final String name() {
    return name;
  }

  final List<Column> columns() {
    return columns;
  }

  final List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  final List<String> keyColumns() {
    return keyColumns;
  }

  /**
   * A key column that leads the Redshift sort key, or null. Key lookups are restricted to the
   * batch's range of it, so that Redshift skips blocks instead of scanning the whole target; only a
   * key column can do this safely, since a stored copy of a key always has the same value.
   */
  final String timeColumn() {
    return timeColumn;
  }

  final int position(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(column)) {
        return i;
      }
    }
    throw new IllegalArgumentException(name + " has no column " + column);
  }

  /** The key of a row's (normalised) values, comparable with equals. */
  final List<Object> key(Object[] values) {
    List<Object> key = new ArrayList<>(keyPositions.length);
    for (int position : keyPositions) {
      key.add(values[position]);
    }
    return key;
  }

  /** The row's values in column order: String, Integer, Long, Double, Boolean or Instant. */
  abstract Object[] values(T row);

  @Override
  public String toString() {
    return name;
  }
}
