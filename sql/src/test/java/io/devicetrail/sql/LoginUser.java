package io.devicetrail.sql;

import io.devicetrail.localservices.LocalPostgres;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * A login user made the way the platform team makes them: a member of one of the NOLOGIN group
 * roles the migrations create. Roles are cluster-wide, so the name is created only once per
 * cluster; the password is random and stays in the test.
 */
record LoginUser(LocalPostgres postgres, String name, String password) {

  /**
   * Creates (once per cluster) a login user that is a member of {@code groups}. With {@code
   * inherit} false it has no rights until it sets one of them as its role, as the support pages'
   * user should.
   */
  static LoginUser create(LocalPostgres postgres, String name, boolean inherit, String... groups)
      throws SQLException {
    byte[] secret = new byte[18];
    new SecureRandom().nextBytes(secret);
    String password = HexFormat.of().formatHex(secret);
    try (Connection c = postgres.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '"
              + name
              + "') THEN CREATE ROLE "
              + name
              + " LOGIN; END IF; END $$");
      s.execute(
          "ALTER ROLE "
              + name
              + (inherit ? " INHERIT" : " NOINHERIT")
              + " PASSWORD '"
              + password
              + "'");
      for (String group : groups) {
        s.execute("GRANT " + group + " TO " + name);
      }
    }
    return new LoginUser(postgres, name, password);
  }

  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(postgres.jdbcUrl(database), name, password);
  }

  @Override
  public String toString() {
    return "LoginUser[" + name + "]"; // never the password
  }
}
