package io.devicetrail.connectors.warehouse;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a batch through a stage with one of two rules: insert-if-absent (signal_raw,
 * activity_event) or newer-revision-wins (signal_hourly, signal_daily). See {@link
 * WarehouseDialect#insertIfAbsent} and {@link WarehouseDialect#newerRevisionWins} for the SQL.
 */
final class StagedBatchWriter<T> implements BatchWriter<T> {

  private static final long serialVersionUID = 1L;

  enum Rule {
    /** A stored row is never changed; the first of a batch's copies of a key is kept. */
    INSERT_IF_ABSENT,
    /** The row ranking highest by (revision, is_final) wins; equal rank keeps what is there. */
    NEWER_REVISION_WINS,
    /**
     * Recomputed rows replace stored ones whose data differ, even final ones, with the stored
     * revision + 1; rows with equal data are left untouched (see {@link
     * WarehouseDialect#reconcile}).
     */
    RECONCILE
  }

  private final WarehouseTable<T> table;
  private final WarehouseDialect dialect;
  private final Rule rule;
  private transient RowNormalizer normalizer;

  StagedBatchWriter(WarehouseTable<T> table, WarehouseDialect dialect, Rule rule) {
    this.table = table;
    this.dialect = dialect;
    this.rule = rule;
  }

  @Override
  public String target() {
    return table.name();
  }

  @Override
  public long cutValues() {
    return normalizer == null ? 0 : normalizer.cutValues();
  }

  @Override
  public BatchOutcome write(Connection c, List<T> batch) throws SQLException {
    if (batch.isEmpty()) {
      return new BatchOutcome(0, 0, 0);
    }
    List<Object[]> rows = deduplicate(batch);
    StagedBatch plan =
        switch (rule) {
          case INSERT_IF_ABSENT -> dialect.insertIfAbsent(table);
          case NEWER_REVISION_WINS -> dialect.newerRevisionWins(table);
          case RECONCILE -> dialect.reconcile(table);
        };
    Instant[] range = timeRange(rows);
    Staging.run(c, plan.prepare());
    Staging.insertRows(c, dialect, plan.stage(), table.columns(), rows);
    int written = 0;
    for (SqlStep step : plan.apply()) {
      written = Staging.run(c, step, range[0], range[1]); // the last step writes the target
    }
    Staging.run(c, plan.cleanup());
    return new BatchOutcome(batch.size(), rows.size(), written);
  }

  /** The batch's normalised rows, one per key, in first-seen order. */
  List<Object[]> deduplicate(List<T> batch) {
    if (normalizer == null) {
      normalizer = new RowNormalizer();
    }
    int revision = rule == Rule.NEWER_REVISION_WINS ? table.position("revision") : -1;
    int isFinal = rule == Rule.NEWER_REVISION_WINS ? table.position("is_final") : -1;
    Map<List<Object>, Object[]> byKey = new LinkedHashMap<>();
    for (T row : batch) {
      Object[] values = normalizer.normalize(table, table.values(row));
      List<Object> key = table.key(values);
      Object[] kept = byKey.get(key);
      if (kept == null || (revision >= 0 && ranksHigher(values, kept, revision, isFinal))) {
        byKey.put(key, values);
      }
    }
    return new ArrayList<>(byKey.values());
  }

  /** (revision, is_final) of {@code a} greater than of {@code b}, false before true. */
  static boolean ranksHigher(Object[] a, Object[] b, int revision, int isFinal) {
    int byRevision = Integer.compare((Integer) a[revision], (Integer) b[revision]);
    if (byRevision != 0) {
      return byRevision > 0;
    }
    return (Boolean) a[isFinal] && !(Boolean) b[isFinal];
  }

  private Instant[] timeRange(List<Object[]> rows) {
    if (table.timeColumn() == null) {
      return new Instant[2];
    }
    int position = table.position(table.timeColumn());
    Instant min = null;
    Instant max = null;
    for (Object[] row : rows) {
      Instant t = (Instant) row[position];
      min = min == null || t.isBefore(min) ? t : min;
      max = max == null || t.isAfter(max) ? t : max;
    }
    return new Instant[] {min, max};
  }
}
