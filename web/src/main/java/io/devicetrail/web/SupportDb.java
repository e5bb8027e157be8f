package io.devicetrail.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * Read-only access to the support database under the viewer's role, one transaction per call: a
 * client runs as {@code devicetrail_client} with {@code devicetrail.tenant_id} set for this
 * transaction only, so row-level security limits every table and view to its tenant; support runs
 * as {@code devicetrail_support}. The login user should be NOINHERIT and a member of both roles
 * (sql/src/main/resources/db/support/V4), so it can read nothing without taking one.
 */
public final class SupportDb {

  /** The work of one request, on a connection already scoped to the viewer. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final DataSource dataSource;
  private final int statementTimeoutMs;
  private final Clock clock;

  public SupportDb(DataSource dataSource, int statementTimeoutMs) {
    this(dataSource, statementTimeoutMs, Clock.systemUTC());
  }

  /**
   * @param clock the instant statuses are computed at: set as {@code devicetrail.now} for each
   *     transaction (support migration V6), so the pages and the API read one clock
   */
  public SupportDb(DataSource dataSource, int statementTimeoutMs, Clock clock) {
    this.dataSource = dataSource;
    this.statementTimeoutMs = statementTimeoutMs;
    this.clock = clock;
  }

  public Clock clock() {
    return clock;
  }

  public <T> T read(Viewer viewer, Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (Statement s = c.createStatement()) {
          s.execute("SET TRANSACTION READ ONLY");
          s.execute(
              viewer.isSupport()
                  ? "SET LOCAL ROLE devicetrail_support"
                  : "SET LOCAL ROLE devicetrail_client");
          s.execute("SET LOCAL statement_timeout = " + statementTimeoutMs);
        }
        try (PreparedStatement ps =
            c.prepareStatement("SELECT set_config('devicetrail.now', ?, true)")) {
          ps.setString(1, clock.instant().toString());
          ps.execute();
        }
        if (!viewer.isSupport()) {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT set_config('devicetrail.tenant_id', ?, true)")) {
            ps.setString(1, viewer.tenantId());
            ps.execute();
          }
        }
        return work.run(c);
      } finally {
        c.rollback(); // read only: nothing to keep, and the role and tenant end with it
      }
    }
  }
}
