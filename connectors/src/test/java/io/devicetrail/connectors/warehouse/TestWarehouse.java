package io.devicetrail.connectors.warehouse;

import io.devicetrail.connectors.postgres.PostgresPassword;
import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.sql.Migrations;
import io.devicetrail.sql.WarehouseFlavor;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.util.PGobject;

/**
 * A warehouse stand-in for one test class: its own database on the shared local PostgreSQL,
 * migrated with the stand-in migrations of the sql module.
 */
final class TestWarehouse {

  private final LocalPostgres postgres;
  private final String database;

  private TestWarehouse(LocalPostgres postgres, String database) {
    this.postgres = postgres;
    this.database = database;
  }

  static TestWarehouse create(LocalPostgres postgres, String database) throws SQLException {
    postgres.createDatabaseIfMissing(database);
    Migrations.migrateWarehouse(
        postgres.jdbcUrl(database), postgres.user(), postgres.password(), WarehouseFlavor.POSTGRES);
    TestWarehouse warehouse = new TestWarehouse(postgres, database);
    warehouse.truncateAll();
    return warehouse;
  }

  WarehouseConnection connection() {
    return WarehouseConnection.postgres(
        postgres.jdbcUrl(database), postgres.user(), PostgresPassword.of(postgres.password()));
  }

  void truncateAll() throws SQLException {
    execute(
        "TRUNCATE signal_raw, signal_hourly, signal_daily, activity_event, dim_device,"
            + " dim_device_change RESTART IDENTITY");
  }

  void execute(String sql) throws SQLException {
    try (Connection c = postgres.connect(database);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Writes one batch the way the sink does: one transaction on a WarehouseConnection. */
  <T> BatchWriter.BatchOutcome write(BatchWriter<T> writer, List<T> batch) throws SQLException {
    try (Connection c = connection().open("devicetrail-test")) {
      c.setAutoCommit(false);
      try {
        BatchWriter.BatchOutcome outcome = writer.write(c, batch);
        c.commit();
        return outcome;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Every row of a query, column name to value; timestamps as Instants, jsonb as text. */
  List<Map<String, Object>> rows(String sql) throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = postgres.connect(database);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          Object value =
              "timestamptz".equals(meta.getColumnTypeName(i))
                  ? rs.getObject(i, OffsetDateTime.class)
                  : rs.getObject(i);
          if (value instanceof OffsetDateTime t) {
            value = t.toInstant();
          } else if (value instanceof PGobject o) {
            value = o.getValue();
          }
          row.put(meta.getColumnName(i), value);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** The whole table with each row's writing transaction: equal only if no row was rewritten. */
  List<Map<String, Object>> snapshot(String table, String orderBy) throws SQLException {
    return rows("SELECT xmin::text AS written_by, * FROM " + table + " ORDER BY " + orderBy);
  }

  long count(String sql) throws SQLException {
    return ((Number) rows(sql).get(0).values().iterator().next()).longValue();
  }
}
