package io.devicetrail.connectors.warehouse;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;

/** Runs generated statements, e.g. {@link RedshiftDialect#loadSignalRawFromArchive}. */
public final class WarehouseStatements {

  private WarehouseStatements() {}

  /**
   * Runs {@code statements} in order in one transaction: all of them take effect, or none.
   *
   * @return the update count of each statement (-1 where it returned none)
   */
  public static int[] runInOneTransaction(WarehouseConnection warehouse, List<String> statements)
      throws SQLException {
    Objects.requireNonNull(warehouse, "warehouse cannot be null");
    Objects.requireNonNull(statements, "statements cannot be null");
    try (Connection c = warehouse.open("devicetrail-warehouse-load")) {
      c.setAutoCommit(false);
      int[] counts = new int[statements.size()];
      try (Statement s = c.createStatement()) {
        for (int i = 0; i < statements.size(); i++) {
          s.execute(statements.get(i));
          counts[i] = s.getUpdateCount();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
      return counts;
    }
  }
}
