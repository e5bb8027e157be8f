package io.devicetrail.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Small reads and session settings the access and report tests share. */
final class Rows {

  private Rows() {}

  /** {@code SELECT count(*) FROM relation WHERE where} in the connection's current role. */
  static long count(Connection c, String relation, String where) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + relation + " WHERE " + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * What a client-facing page does at the start of each transaction: act as the client role, for
   * one tenant, until the transaction ends.
   */
  static void actAsClientOf(Connection c, String tenant) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET LOCAL ROLE devicetrail_client");
    }
    try (PreparedStatement ps =
        c.prepareStatement("SELECT set_config('devicetrail.tenant_id', ?, true)")) {
      ps.setString(1, tenant);
      ps.execute();
    }
  }

  /** The write statements a read-only role must be refused on {@code table}. */
  static String[] writes(String table) {
    return new String[] {
      "DELETE FROM " + table,
      "UPDATE " + table + " SET tenant_id = tenant_id",
      "INSERT INTO " + table + " SELECT * FROM " + table + " LIMIT 0"
    };
  }
}
