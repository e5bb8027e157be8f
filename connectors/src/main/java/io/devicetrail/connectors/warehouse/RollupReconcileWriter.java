package io.devicetrail.connectors.warehouse;

import io.devicetrail.connectors.warehouse.model.SignalRollup;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * Writes rollup rows recomputed from the raw archive (the reconcile command) into {@code
 * signal_hourly} and {@code signal_daily} with the reconcile rule of {@link
 * WarehouseDialect#reconcile}: a row whose data differ from the stored one replaces it, even a
 * final one, with the stored revision + 1; a row equal in data changes nothing, so running the same
 * reconcile twice leaves every row as the first run left it.
 *
 * <pre>{@code
 * try (Connection c = warehouse.open("devicetrail-reconcile")) {
 *   c.setAutoCommit(false);
 *   int written = new RollupReconcileWriter(WarehouseDialect.redshift()).write(c, rows);
 *   c.commit();
 * }
 * }</pre>
 */
public final class RollupReconcileWriter {

  private final RollupsByTierWriter writer;

  public RollupReconcileWriter(WarehouseDialect dialect) {
    Objects.requireNonNull(dialect, "dialect cannot be null");
    this.writer = new RollupsByTierWriter(dialect, StagedBatchWriter.Rule.RECONCILE);
  }

  /**
   * Writes the rows of both tiers inside the connection's current transaction (autocommit off; the
   * caller commits, or rolls back and may run the same rows again): hourly rows first, then daily,
   * as the streaming sink locks them. At most one row per tier and key.
   *
   * @return how many rows were inserted or replaced
   */
  public int write(Connection c, List<SignalRollup> rows) throws SQLException {
    Objects.requireNonNull(c, "c cannot be null");
    Objects.requireNonNull(rows, "rows cannot be null");
    return writer.write(c, rows).written();
  }
}
