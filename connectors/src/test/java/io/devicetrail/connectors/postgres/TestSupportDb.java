package io.devicetrail.connectors.postgres;

import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.PostgresOptions;
import io.devicetrail.sql.Migrations;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/** A real PostgreSQL with the migrated support schema, for one test class. */
final class TestSupportDb implements AutoCloseable {

  private static final String DATABASE = "support";

  private final LocalPostgres postgres;

  private TestSupportDb(LocalPostgres postgres) {
    this.postgres = postgres;
  }

  static TestSupportDb start(Path dataDir) throws IOException, SQLException {
    LocalPostgres postgres = LocalPostgres.start(dataDir, PostgresOptions.fastForTests());
    try {
      postgres.createDatabaseIfMissing(DATABASE);
      Migrations.migrateSupport(postgres.jdbcUrl(DATABASE), postgres.user(), postgres.password());
      return new TestSupportDb(postgres);
    } catch (RuntimeException | SQLException e) {
      postgres.close();
      throw e;
    }
  }

  PostgresConnection connection() {
    return PostgresConnection.of(
        postgres.jdbcUrl(DATABASE), postgres.user(), PostgresPassword.of(postgres.password()));
  }

  void truncateAll() throws SQLException {
    try (Connection c = postgres.connect(DATABASE);
        Statement s = c.createStatement()) {
      s.execute("TRUNCATE device, device_latest, signal_recent, activity_recent");
    }
  }

  /**
   * Writes {@code records} as one JDBC batch the way the Flink sink does, through the same
   * connection provider and driver settings.
   */
  <T> void applyBatch(
      String sql,
      JdbcStatementBuilder<T> statement,
      Map<String, String> driverProperties,
      List<T> records)
      throws SQLException {
    PostgresConnectionProvider provider =
        new PostgresConnectionProvider(connection(), driverProperties);
    try {
      Connection c = provider.getOrEstablishConnection();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (T record : records) {
          statement.accept(ps, record);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    } finally {
      provider.closeConnection();
    }
  }

  /** Every row of a query, column name to value; timestamps as Instants. */
  List<Map<String, Object>> rows(String sql) throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = postgres.connect(DATABASE);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          Object value =
              "timestamptz".equals(meta.getColumnTypeName(i))
                  ? rs.getObject(i, java.time.OffsetDateTime.class)
                  : rs.getObject(i);
          if (value instanceof java.time.OffsetDateTime t) {
            value = t.toInstant();
          } else if (value instanceof org.postgresql.util.PGobject o) {
            value = o.getValue();
          }
          row.put(meta.getColumnName(i), value);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** One row, or fails. */
  Map<String, Object> row(String sql) throws SQLException {
    List<Map<String, Object>> rows = rows(sql);
    if (rows.size() != 1) {
      throw new AssertionError("expected one row from " + sql + " but got " + rows);
    }
    return rows.get(0);
  }

  @Override
  public void close() {
    postgres.close();
  }
}
