package io.devicetrail.connectors.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.junit.LocalServicesExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Whether a VACUUM would have an effect is asked before it runs: on Redshift one without the
 * privileges completes successfully and does nothing. The same query runs on both flavours; here it
 * is held against the stand-in's real catalog.
 */
@ExtendWith(LocalServicesExtension.class)
class ReclaimPrivilegeTest {

  @Test
  void theOwnerOrASuperuserMayReclaimAnotherRoleMayNot(LocalPostgres postgres) throws Exception {
    TestWarehouse.create(postgres, "reclaim_privilege");
    for (WarehouseDialect dialect :
        new WarehouseDialect[] {WarehouseDialect.postgres(), WarehouseDialect.redshift()}) {
      try (Connection c = postgres.connect("reclaim_privilege")) {
        assertThat(mayReclaim(c, dialect, "signal_raw")).as("the superuser").isTrue();
        try (Statement s = c.createStatement()) {
          s.execute("SET ROLE devicetrail_maintenance");
        }
        assertThat(mayReclaim(c, dialect, "signal_raw"))
            .as("a role that may delete rows but does not own the table")
            .isFalse();
      }
    }
  }

  private static boolean mayReclaim(Connection c, WarehouseDialect dialect, String table)
      throws Exception {
    try (PreparedStatement ps = c.prepareStatement(dialect.mayReclaimQuery())) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }
}
