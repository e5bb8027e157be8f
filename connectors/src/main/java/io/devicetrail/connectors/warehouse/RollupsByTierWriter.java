package io.devicetrail.connectors.warehouse;

import io.devicetrail.connectors.warehouse.model.RollupTier;
import io.devicetrail.connectors.warehouse.model.SignalRollup;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a batch of rollups of both tiers in one transaction: the hourly rows into {@code
 * signal_hourly}, then the daily rows into {@code signal_daily} (always in that order, so two
 * writers lock the tables in the same order).
 */
final class RollupsByTierWriter implements BatchWriter<SignalRollup> {

  private static final long serialVersionUID = 1L;

  private final StagedBatchWriter<SignalRollup> hourly;
  private final StagedBatchWriter<SignalRollup> daily;

  RollupsByTierWriter(WarehouseDialect dialect) {
    this(dialect, StagedBatchWriter.Rule.NEWER_REVISION_WINS);
  }

  RollupsByTierWriter(WarehouseDialect dialect, StagedBatchWriter.Rule rule) {
    this.hourly = new StagedBatchWriter<>(WarehouseTables.SIGNAL_HOURLY, dialect, rule);
    this.daily = new StagedBatchWriter<>(WarehouseTables.SIGNAL_DAILY, dialect, rule);
  }

  @Override
  public String target() {
    return "signal_hourly+signal_daily";
  }

  @Override
  public long cutValues() {
    return hourly.cutValues() + daily.cutValues();
  }

  @Override
  public BatchOutcome write(Connection c, List<SignalRollup> batch) throws SQLException {
    List<SignalRollup> hours = new ArrayList<>();
    List<SignalRollup> days = new ArrayList<>();
    for (SignalRollup rollup : batch) {
      (rollup.tier() == RollupTier.HOUR ? hours : days).add(rollup);
    }
    BatchOutcome h = hourly.write(c, hours);
    BatchOutcome d = daily.write(c, days);
    return new BatchOutcome(
        h.received() + d.received(), h.staged() + d.staged(), h.written() + d.written());
  }
}
