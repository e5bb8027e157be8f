package io.devicetrail.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import java.util.TreeMap;

/**
 * Applies the warehouse's versioned scripts over plain JDBC, recording them in {@code
 * warehouse_schema_history}. Flyway's Redshift support ({@code flyway-database-redshift}) is not
 * published for the Flyway version we pin, so both warehouse flavours use this small runner; the
 * stand-in's tests therefore exercise the very code that migrates Redshift.
 *
 * <p>Each pending script runs in its own transaction, together with its history row, under a lock
 * on the history table, so concurrent runs apply every script once. An applied script whose text
 * changed fails the run (never edit an applied migration; add a new version). Only SQL that both
 * Redshift and PostgreSQL accept is used here.
 */
final class WarehouseMigrator {

  static final String HISTORY_TABLE = "warehouse_schema_history";

  private static final String CREATE_HISTORY =
      "CREATE TABLE IF NOT EXISTS "
          + HISTORY_TABLE
          + " (version INTEGER NOT NULL, description VARCHAR(200) NOT NULL,"
          + " script VARCHAR(200) NOT NULL, checksum BIGINT NOT NULL,"
          + " applied_at TIMESTAMPTZ NOT NULL, execution_ms INTEGER NOT NULL,"
          + " PRIMARY KEY (version))";

  private final List<WarehouseScript> scripts;

  WarehouseMigrator(List<WarehouseScript> scripts) {
    this.scripts = List.copyOf(scripts);
  }

  MigrationOutcome migrate(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute(CREATE_HISTORY);
    }
    c.commit();
    Integer initial = null;
    Integer current;
    int applied = 0;
    boolean first = true;
    while (true) {
      lockHistory(c);
      TreeMap<Integer, Long> done = appliedChecksums(c);
      current = done.isEmpty() ? null : done.lastKey();
      if (first) {
        initial = current;
        first = false;
      }
      validate(done);
      WarehouseScript next = nextPending(done);
      if (next == null) {
        c.commit();
        break;
      }
      apply(c, next);
      c.commit();
      applied++;
    }
    return new MigrationOutcome(
        initial == null ? null : initial.toString(),
        current == null ? null : current.toString(),
        applied);
  }

  private static void lockHistory(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("LOCK TABLE " + HISTORY_TABLE);
    }
  }

  private static TreeMap<Integer, Long> appliedChecksums(Connection c) throws SQLException {
    TreeMap<Integer, Long> done = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version, checksum FROM " + HISTORY_TABLE)) {
      while (rs.next()) {
        done.put(rs.getInt(1), rs.getLong(2));
      }
    }
    return done;
  }

  private void validate(TreeMap<Integer, Long> done) {
    for (WarehouseScript script : scripts) {
      Long checksum = done.get(script.version());
      if (checksum != null && checksum != script.checksum()) {
        throw new WarehouseMigrationException(
            "Applied warehouse migration "
                + script.name()
                + " differs from the script on the classpath (checksum "
                + checksum
                + " applied, "
                + script.checksum()
                + " now): never edit an applied migration, add a new version");
      }
    }
  }

  private WarehouseScript nextPending(TreeMap<Integer, Long> done) {
    int newestApplied = done.isEmpty() ? 0 : done.lastKey();
    for (WarehouseScript script : scripts) {
      if (done.containsKey(script.version())) {
        continue;
      }
      if (script.version() < newestApplied) {
        throw new WarehouseMigrationException(
            "Warehouse migration "
                + script.name()
                + " was never applied but version "
                + newestApplied
                + " was: out-of-order migrations are not supported");
      }
      return script;
    }
    return null;
  }

  private static void apply(Connection c, WarehouseScript script) throws SQLException {
    long started = System.nanoTime();
    List<String> statements = SqlStatements.split(script.sql());
    for (int i = 0; i < statements.size(); i++) {
      try (Statement s = c.createStatement()) {
        s.execute(statements.get(i));
      } catch (SQLException e) {
        c.rollback();
        throw new WarehouseMigrationException(
            "Warehouse migration "
                + script.name()
                + " failed at statement "
                + (i + 1)
                + " of "
                + statements.size()
                + ": "
                + e.getMessage(),
            e);
      }
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO "
                + HISTORY_TABLE
                + " (version, description, script, checksum, applied_at, execution_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setInt(1, script.version());
      insert.setString(2, script.description().replace('_', ' '));
      insert.setString(3, script.name());
      insert.setLong(4, script.checksum());
      insert.setTimestamp(
          5, Timestamp.from(Instant.now()), Calendar.getInstance(TimeZone.getTimeZone("UTC")));
      insert.setInt(
          6, (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000));
      insert.executeUpdate();
    }
  }
}
