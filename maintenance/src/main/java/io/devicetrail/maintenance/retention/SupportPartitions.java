package io.devicetrail.maintenance.retention;

import io.devicetrail.maintenance.SupportDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the daily partitions of the support database's {@code signal_recent} and {@code
 * activity_recent} (migration V5): drops every partition whose days are all past retention (a whole
 * day at once, no row-by-row delete, no bloat), deletes rows past retention from the default
 * partition in small batches, and creates the daily partitions from the oldest day still within
 * retention to {@code daysAhead} days ahead, moving into each the rows the default partition caught
 * for its day. Each change is one short transaction with a lock timeout, so it never queues in
 * front of the job's inserts for long; a change that times out is left to the next run. Running it
 * again right after changes nothing. Two runs at once are kept apart by an advisory lock.
 */
public final class SupportPartitions {

  private static final Logger LOG = LoggerFactory.getLogger(SupportPartitions.class);

  /** pg_try_advisory_lock key: "devicetrail retention". */
  static final long ADVISORY_LOCK = 0x64747265746e7431L;

  private static final int DELETE_BATCH_ROWS = 10_000;

  private final SupportDatabase database;
  private final Duration lockTimeout;
  private final Consumer<String> report;

  /**
   * @param lockTimeout how long one change waits for its table locks before giving up for this run
   * @param report receives one line per change made (or, with a dry run, that would be made)
   */
  public SupportPartitions(
      SupportDatabase database, Duration lockTimeout, Consumer<String> report) {
    this.database = Objects.requireNonNull(database, "database cannot be null");
    this.lockTimeout = Objects.requireNonNull(lockTimeout, "lockTimeout cannot be null");
    this.report = Objects.requireNonNull(report, "report cannot be null");
  }

  /**
   * Applies retention to each table (name to retention) and creates partitions ahead.
   *
   * @return the changes made, or with {@code dryRun} the changes that would be made; empty when
   *     another run holds the lock
   * @throws IllegalStateException when a table is not partitioned (migrations not applied)
   */
  public List<PartitionAction> run(
      Map<String, Duration> retention, int daysAhead, Instant now, boolean dryRun)
      throws SQLException {
    List<PartitionAction> actions = new ArrayList<>();
    try (Connection c = database.open("devicetrail-maintenance-retention")) {
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("SET TIME ZONE 'UTC'"); // partition bounds are rendered in the session's zone
      }
      if (!tryLock(c)) {
        LOG.warn("Another retention run holds the support database's lock; leaving it to that one");
        return actions;
      }
      try {
        for (Map.Entry<String, Duration> e : retention.entrySet()) {
          List<PartitionAction> planned =
              plan(
                  c,
                  e.getKey(),
                  now.minus(e.getValue()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                  now,
                  daysAhead);
          for (PartitionAction action : planned) {
            if (!dryRun) {
              apply(c, action);
            }
            report.accept(action.describe(dryRun));
          }
          if (planned.isEmpty()) {
            report.accept("support " + e.getKey() + ": nothing to do");
          }
          actions.addAll(planned);
        }
      } finally {
        unlock(c);
      }
    }
    return actions;
  }

  /** Drops, then the default partition's old rows, then the days to create. */
  private List<PartitionAction> plan(
      Connection c, String table, Instant cutoff, Instant now, int daysAhead) throws SQLException {
    List<Partition> partitions = partitions(c, table);
    List<PartitionAction> actions = new ArrayList<>();
    List<Partition> kept = new ArrayList<>();
    Optional<Partition> defaultPartition = Optional.empty();
    for (Partition p : partitions) {
      if (p.isDefault()) {
        defaultPartition = Optional.of(p);
      } else if (p.endsBy(cutoff)) {
        actions.add(
            new PartitionAction(
                PartitionAction.Kind.DROP, table, p.name(), p.from(), p.to(), count(c, p.name())));
      } else {
        kept.add(p);
      }
    }
    if (defaultPartition.isPresent()) {
      long old = countBefore(c, defaultPartition.get().name(), cutoff);
      if (old > 0) {
        actions.add(
            new PartitionAction(
                PartitionAction.Kind.DELETE_FROM_DEFAULT,
                table,
                defaultPartition.get().name(),
                null,
                cutoff,
                old));
      }
    }
    LocalDate last = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(daysAhead);
    for (LocalDate day = LocalDate.ofInstant(cutoff, ZoneOffset.UTC);
        !day.isAfter(last);
        day = day.plusDays(1)) {
      Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      if (kept.stream().anyMatch(p -> p.overlaps(start, end))) {
        continue;
      }
      long stray =
          defaultPartition.isPresent()
              ? countBetween(c, defaultPartition.get().name(), start, end)
              : 0;
      actions.add(
          new PartitionAction(
              PartitionAction.Kind.CREATE,
              table,
              Partition.dailyName(table, day),
              start,
              end,
              stray));
    }
    return actions;
  }

  private void apply(Connection c, PartitionAction action) throws SQLException {
    switch (action.kind()) {
      case DROP -> inOneTransaction(c, s -> s.execute("DROP TABLE " + action.partition()));
      case DELETE_FROM_DEFAULT -> deleteFromDefault(c, action.partition(), action.to());
      case CREATE -> create(c, action);
    }
  }

  /** Small batches: the default partition may hold many rows after a long pause of this command. */
  private void deleteFromDefault(Connection c, String partition, Instant cutoff)
      throws SQLException {
    String sql =
        "DELETE FROM "
            + partition
            + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM "
            + partition
            + " WHERE ts < ? LIMIT "
            + DELETE_BATCH_ROWS
            + "))";
    int deleted;
    do {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        WarehouseRetention.bind(ps, 1, cutoff);
        deleted = ps.executeUpdate();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } while (deleted == DELETE_BATCH_ROWS);
  }

  /**
   * A new table LIKE the parent, the day's rows moved into it from the default partition, then
   * attached: ATTACH (unlike CREATE … PARTITION OF) leaves the job's inserts into the parent
   * running, and the default partition must hold no row of the day when the day is attached.
   */
  private void create(Connection c, PartitionAction action) throws SQLException {
    String table = action.table();
    String partition = action.partition();
    String columns = String.join(", ", columns(c, table));
    String defaultPartition = Partition.defaultName(table);
    boolean hasDefault = exists(c, defaultPartition);
    inOneTransaction(
        c,
        s -> {
          if (hasDefault) {
            // Taken by ATTACH anyway; first, so no row of the day slips in after the move.
            s.execute("LOCK TABLE " + defaultPartition + " IN ACCESS EXCLUSIVE MODE");
          }
          s.execute(
              "CREATE TABLE "
                  + partition
                  + " (LIKE "
                  + table
                  + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)");
          // The parent's row-level security (forced), policies and grants (migration V6), before
          // a row is in it: a partition named directly answers exactly as its parent does.
          s.execute(
              "SELECT devicetrail_secure_partition('"
                  + table
                  + "'::regclass, '"
                  + partition
                  + "'::regclass)");
          if (hasDefault) {
            s.execute(
                "WITH moved AS (DELETE FROM "
                    + defaultPartition
                    + " WHERE ts >= "
                    + literal(action.from())
                    + " AND ts < "
                    + literal(action.to())
                    + " RETURNING "
                    + columns
                    + ") INSERT INTO "
                    + partition
                    + " ("
                    + columns
                    + ") SELECT "
                    + columns
                    + " FROM moved");
          }
          s.execute(
              "ALTER TABLE "
                  + table
                  + " ATTACH PARTITION "
                  + partition
                  + " FOR VALUES FROM ("
                  + literal(action.from())
                  + ") TO ("
                  + literal(action.to())
                  + ")");
          s.execute(
              "COMMENT ON TABLE "
                  + partition
                  + " IS 'Daily partition of "
                  + table
                  + " for "
                  + LocalDate.ofInstant(action.from(), ZoneOffset.UTC)
                  + " (UTC); devicetrail-maintenance retention drops it when past retention.'");
        });
  }

  private interface Work {
    void run(Statement s) throws SQLException;
  }

  private void inOneTransaction(Connection c, Work work) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SET LOCAL lock_timeout = '" + lockTimeout.toMillis() + "ms'");
      work.run(s);
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static List<Partition> partitions(Connection c, String table) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT p.partstrat FROM pg_partitioned_table p"
                + " WHERE p.partrelid = to_regclass(?)")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !"r".equals(rs.getString(1))) {
          throw new IllegalStateException(
              table
                  + " is not range-partitioned: apply the support database migrations first"
                  + " (devicetrail-migrate; V5 partitions it by day, V6 secures the partitions)");
        }
      }
    }
    List<Partition> partitions = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i"
                + " JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = to_regclass(?) ORDER BY c.relname")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          Optional<Partition> p = Partition.parse(name, rs.getString(2));
          if (p.isPresent()) {
            partitions.add(p.get());
          } else {
            LOG.warn(
                "Partition {} of {} has a bound retention does not manage: left alone",
                name,
                table);
          }
        }
      }
    }
    return partitions;
  }

  private static List<String> columns(Connection c, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT quote_ident(attname) FROM pg_attribute WHERE attrelid = to_regclass(?)"
                + " AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
    }
    return columns;
  }

  private static boolean exists(Connection c, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static long count(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long countBefore(Connection c, String table, Instant cutoff) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT count(*) FROM " + table + " WHERE ts < ?")) {
      WarehouseRetention.bind(ps, 1, cutoff);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long countBetween(Connection c, String table, Instant start, Instant end)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT count(*) FROM " + table + " WHERE ts >= ? AND ts < ?")) {
      WarehouseRetention.bind(ps, 1, start);
      WarehouseRetention.bind(ps, 2, end);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Partition bounds are DDL, which takes no parameters; an Instant prints safely. */
  private static String literal(Instant t) {
    return "'" + t + "'";
  }

  private static boolean tryLock(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + ADVISORY_LOCK + ")")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static void unlock(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_unlock(" + ADVISORY_LOCK + ")");
    }
  }
}
