package io.devicetrail.maintenance.retention;

import io.devicetrail.connectors.warehouse.WarehouseConnection;
import io.devicetrail.connectors.warehouse.WarehouseDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the warehouse tiers' retention by DELETE in bounded batches: from the oldest row on, one
 * time window at a time ({@code [oldest, oldest + window)}, cut at the cutoff), each its own short
 * transaction (on Redshift after a LOCK, so the sinks' batches wait instead of failing), so no
 * statement holds locks or undo for long and an interrupted run has kept what it did. A rerun
 * continues where it stopped; with nothing older than the cutoff it does nothing. After a large
 * delete the dialect's reclaim statements run outside any transaction (Redshift: {@code VACUUM
 * DELETE ONLY} and {@code ANALYZE}).
 */
public final class WarehouseRetention {

  private static final Logger LOG = LoggerFactory.getLogger(WarehouseRetention.class);

  /** What one tier's run did, or with a dry run would do. */
  public record Outcome(
      WarehouseTier tier, Instant cutoff, long rows, int batches, boolean reclaimed) {}

  private final WarehouseConnection warehouse;
  private final WarehouseDialect dialect;
  private final Duration batchWindow;
  private final long reclaimAfterRows;
  private final Consumer<String> report;

  /**
   * @param batchWindow the time span one DELETE covers at most (a whole day at least for the daily
   *     tier, whose rows are a day apart)
   * @param reclaimAfterRows reclaim a table's space once a run deleted at least this many of its
   *     rows; negative never
   * @param report receives one line per tier: what was deleted, or would be
   */
  public WarehouseRetention(
      WarehouseConnection warehouse,
      WarehouseDialect dialect,
      Duration batchWindow,
      long reclaimAfterRows,
      Consumer<String> report) {
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse cannot be null");
    this.dialect = Objects.requireNonNull(dialect, "dialect cannot be null");
    this.batchWindow = Objects.requireNonNull(batchWindow, "batchWindow cannot be null");
    if (batchWindow.isNegative() || batchWindow.isZero()) {
      throw new IllegalArgumentException("batchWindow must be positive, got " + batchWindow);
    }
    this.reclaimAfterRows = reclaimAfterRows;
    this.report = Objects.requireNonNull(report, "report cannot be null");
  }

  /** Applies each tier's retention, in the order given; with {@code dryRun} deletes nothing. */
  public List<Outcome> run(Map<WarehouseTier, Duration> retention, Instant now, boolean dryRun)
      throws SQLException {
    List<Outcome> outcomes = new ArrayList<>();
    try (Connection c = warehouse.open("devicetrail-maintenance-retention")) {
      for (Map.Entry<WarehouseTier, Duration> e : retention.entrySet()) {
        WarehouseTier tier = e.getKey();
        Instant cutoff = tier.cutoff(now, e.getValue());
        outcomes.add(dryRun ? preview(c, tier, cutoff) : enforce(c, tier, cutoff));
      }
    }
    return outcomes;
  }

  private Outcome preview(Connection c, WarehouseTier tier, Instant cutoff) throws SQLException {
    c.setAutoCommit(true);
    try (PreparedStatement ps =
        c.prepareStatement(dialect.summaryBefore(tier.table(), tier.timeColumn()))) {
      bind(ps, 1, cutoff);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long rows = rs.getLong(1);
        report.accept(
            rows == 0
                ? "warehouse " + tier.table() + ": nothing before " + cutoff
                : String.format(
                    "warehouse %s: would delete %,d rows with %s before %s (from %s to %s)",
                    tier.table(), rows, tier.timeColumn(), cutoff, instant(rs, 2), instant(rs, 3)));
        return new Outcome(tier, cutoff, rows, 0, false);
      }
    }
  }

  private Outcome enforce(Connection c, WarehouseTier tier, Instant cutoff) throws SQLException {
    Duration window =
        tier == WarehouseTier.SIGNAL_DAILY ? max(batchWindow, Duration.ofDays(1)) : batchWindow;
    List<String> batch = dialect.deleteTimeRange(tier.table(), tier.timeColumn());
    long rows = 0;
    int batches = 0;
    for (Instant oldest = oldest(c, tier, cutoff);
        oldest != null;
        oldest = oldest(c, tier, cutoff)) {
      Instant end = oldest.plus(window).isBefore(cutoff) ? oldest.plus(window) : cutoff;
      int deleted = deleteInOneTransaction(c, batch, oldest, end);
      if (deleted == 0) {
        // The oldest row was found but not deleted: another writer's doing; stop rather than spin.
        LOG.warn("{}: a batch from {} deleted nothing; stopping this run", tier.table(), oldest);
        break;
      }
      rows += deleted;
      batches++;
      LOG.debug("{}: deleted {} rows from {} to {}", tier.table(), deleted, oldest, end);
    }
    boolean reclaimed =
        rows > 0 && reclaimAfterRows >= 0 && rows >= reclaimAfterRows && reclaim(c, tier);
    report.accept(
        rows == 0
            ? "warehouse " + tier.table() + ": nothing before " + cutoff
            : String.format(
                "warehouse %s: deleted %,d rows with %s before %s in %d batches%s",
                tier.table(),
                rows,
                tier.timeColumn(),
                cutoff,
                batches,
                reclaimed
                    ? "; space reclaimed, statistics refreshed"
                    : rows >= reclaimAfterRows && reclaimAfterRows >= 0
                        ? "; space NOT reclaimed (see the log)"
                        : ""));
    return new Outcome(tier, cutoff, rows, batches, reclaimed);
  }

  private Instant oldest(Connection c, WarehouseTier tier, Instant cutoff) throws SQLException {
    c.setAutoCommit(true);
    try (PreparedStatement ps =
        c.prepareStatement(dialect.oldestBefore(tier.table(), tier.timeColumn()))) {
      bind(ps, 1, cutoff);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return instant(rs, 1);
      }
    }
  }

  private static int deleteInOneTransaction(
      Connection c, List<String> statements, Instant from, Instant to) throws SQLException {
    c.setAutoCommit(false);
    try {
      try (Statement s = c.createStatement()) {
        for (String sql : statements.subList(0, statements.size() - 1)) {
          s.execute(sql);
        }
      }
      int deleted;
      try (PreparedStatement ps = c.prepareStatement(statements.get(statements.size() - 1))) {
        bind(ps, 1, from);
        bind(ps, 2, to);
        deleted = ps.executeUpdate();
      }
      c.commit();
      return deleted;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    }
  }

  /** Runs outside a transaction block, as VACUUM requires; a failure only defers the reclaim. */
  private boolean reclaim(Connection c, WarehouseTier tier) throws SQLException {
    c.setAutoCommit(true);
    if (!mayReclaim(c, tier.table())) {
      // On Redshift the VACUUM would succeed without effect: say so instead of claiming the space.
      LOG.warn(
          "Not reclaiming {}: the user {} is neither its owner nor a superuser, so VACUUM would"
              + " have no effect on Redshift; its automatic vacuum delete reclaims the space later",
          tier.table(),
          c.getMetaData().getUserName());
      return false;
    }
    try (Statement s = c.createStatement()) {
      for (String sql : dialect.reclaimAfterDelete(tier.table())) {
        s.execute(sql);
      }
      return true;
    } catch (SQLException e) {
      // Redshift runs one VACUUM per cluster at a time, and vacuums deleted rows by itself later.
      LOG.warn(
          "Reclaiming {} after the delete failed ({}); the database's automatic vacuum will do it",
          tier.table(),
          e.getMessage());
      return false;
    }
  }

  private boolean mayReclaim(Connection c, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(dialect.mayReclaimQuery())) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  static void bind(PreparedStatement ps, int index, Instant value) throws SQLException {
    ps.setTimestamp(
        index, Timestamp.from(value), Calendar.getInstance(TimeZone.getTimeZone("UTC")));
  }

  static Instant instant(ResultSet rs, int index) throws SQLException {
    Timestamp ts = rs.getTimestamp(index, Calendar.getInstance(TimeZone.getTimeZone("UTC")));
    return ts == null ? null : ts.toInstant();
  }
}
