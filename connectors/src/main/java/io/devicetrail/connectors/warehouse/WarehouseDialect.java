package io.devicetrail.connectors.warehouse;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every piece of SQL the warehouse writers run, and in one place what differs between Amazon
 * Redshift (production, {@link RedshiftDialect}) and the PostgreSQL stand-in ({@link
 * PostgresDialect}).
 *
 * <p>Every batch is one transaction that follows AWS's guidance for Redshift upserts: create a
 * temporary stage {@code LIKE} the target, load the batch into it with multi-row INSERTs, prune and
 * merge it into the target by key, drop the stage, commit. Never a statement per row, never
 * autocommit. The statements are written in the SQL both databases accept, so that the stand-in
 * runs the very text Redshift gets; the differences are few and all here:
 *
 * <ul>
 *   <li>Redshift opens each batch with {@code LOCK} on the tables it reads and then writes: its
 *       serializable isolation would otherwise abort one of two concurrent writers (error 1023);
 *       PostgreSQL needs no lock (its primary keys catch a conflicting concurrent insert, and the
 *       batch is retried).
 *   <li>JSON parameters: {@code JSON_PARSE(?)} into SUPER, {@code CAST(? AS jsonb)}.
 *   <li>Redshift's temporary stages for {@code dim_device} are distributed by device_id, so the
 *       update joins run collocated.
 *   <li>Loading committed archive files with {@code COPY … FORMAT AS PARQUET}: Redshift only
 *       ({@link RedshiftDialect#loadSignalRawFromArchive}).
 *   <li>Reclaiming space after retention's deletes ({@link #reclaimAfterDelete}): {@code VACUUM
 *       DELETE ONLY} and {@code ANALYZE} on Redshift, {@code VACUUM (ANALYZE)} on the stand-in; the
 *       maintenance command's batches ({@link #deleteTimeRange}) and recomputed rollups ({@link
 *       #reconcile}) otherwise share the text and the locking of the sinks.
 *   <li>The DDL: the sql module's migrations {@code db/warehouse/redshift} and {@code
 *       db/warehouse/postgres}.
 * </ul>
 *
 * <p>Redshift does not enforce primary keys, so no statement relies on them: each batch is
 * deduplicated by key before it is staged, and the stage is pruned of rows that must not be written
 * before it is merged.
 */
public abstract sealed class WarehouseDialect implements Serializable
    permits RedshiftDialect, PostgresDialect {

  private static final long serialVersionUID = 1L;

  /** Bind parameters per statement: the limit of redshift-jdbc42 (and of older pgjdbc). */
  static final int MAX_PARAMETERS = 32767;

  /** Rows per multi-row INSERT: keeps statements small enough to parse quickly. */
  static final int MAX_ROWS_PER_INSERT = 1000;

  WarehouseDialect() {}

  /** Amazon Redshift through redshift-jdbc42: production. */
  public static RedshiftDialect redshift() {
    return new RedshiftDialect();
  }

  /** The PostgreSQL 15 stand-in through pgjdbc: local runs and tests. */
  public static PostgresDialect postgres() {
    return new PostgresDialect();
  }

  /** {@code redshift} or {@code postgres}. */
  public abstract String name();

  // ---------------------------------------------------------------- what differs

  /** The statements that open a batch's transaction, before it reads or writes these tables. */
  abstract List<String> lock(List<String> tables);

  /** A JSON value's parameter, for a SUPER or jsonb column. */
  abstract String jsonParameter();

  /** Table attributes appended to a temporary stage keyed by device_id (Redshift: DISTKEY). */
  abstract String deviceStageAttributes();

  /**
   * What reclaims the space of deleted rows and refreshes the planner's statistics after a large
   * delete. These statements cannot run inside a transaction block: run them with autocommit on.
   */
  public abstract List<String> reclaimAfterDelete(String table);

  /**
   * A query, with the table's name as its one parameter, answering whether this session's user may
   * run {@link #reclaimAfterDelete} with effect: a superuser or the table's owner. On Redshift a
   * VACUUM without the necessary privileges "completes successfully but has no effect" (Amazon's
   * VACUUM page, Required privileges), so success alone proves nothing. Both flavours have {@code
   * pg_user} and {@code pg_tables}. (Redshift's RBAC VACUUM privilege is not looked for: such a
   * user is told the space may not be reclaimed.)
   */
  public String mayReclaimQuery() {
    return "SELECT COALESCE((SELECT usesuper FROM pg_user WHERE usename = CURRENT_USER), FALSE)"
        + " OR EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = CURRENT_SCHEMA()"
        + " AND tablename = ? AND tableowner = CURRENT_USER)";
  }

  // ---------------------------------------------------------------- shared statement text

  static String stageOf(String table) {
    return table + "_stage";
  }

  /** How many rows one multi-row INSERT of {@code columns} columns carries at most. */
  static int rowsPerInsert(int columns) {
    return Math.max(1, Math.min(MAX_ROWS_PER_INSERT, MAX_PARAMETERS / columns));
  }

  String createStageLike(String table) {
    return "CREATE TEMP TABLE " + stageOf(table) + " (LIKE " + table + ")";
  }

  String dropStage(String table) {
    return "DROP TABLE " + stageOf(table);
  }

  /** A multi-row INSERT of {@code rows} rows into {@code table}'s {@code columns}. */
  String insertValues(String table, List<Column> columns, int rows) {
    String row =
        columns.stream()
            .map(c -> c.type() == SqlType.JSON ? jsonParameter() : "?")
            .collect(Collectors.joining(", ", "(", ")"));
    StringBuilder sql =
        new StringBuilder("INSERT INTO ")
            .append(table)
            .append(" (")
            .append(names(columns))
            .append(") VALUES\n");
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "" : ",\n").append(row);
    }
    return sql.toString();
  }

  /**
   * Insert-if-absent (signal_raw, activity_event, dim_device_change): rows whose key is already
   * stored are pruned from the stage, the rest are inserted. Stored rows are never rewritten.
   */
  StagedBatch insertIfAbsent(WarehouseTable<?> table) {
    return insertIfAbsent(table, List.of(table.name()));
  }

  StagedBatch insertIfAbsent(WarehouseTable<?> table, List<String> lockedTables) {
    String target = table.name();
    List<String> prepare = new ArrayList<>(lock(lockedTables));
    prepare.add(createStageLike(target));
    return new StagedBatch(
        target,
        stageOf(target),
        prepare,
        List.of(pruneStoredKeys(table), SqlStep.plain(insertFromStage(table))),
        List.of(dropStage(target)));
  }

  /**
   * Revision-guarded upsert (signal_hourly, signal_daily). A stored final row is never replaced
   * (CONTRACT §6: nothing clobbers a final row, not even a device that comes back after its state
   * was dropped and starts again at revision 1; the reconcile command is the way to rewrite one).
   * Otherwise a staged row replaces the stored row with its key only when it ranks higher by {@code
   * (revision, is_final)}, false before true: a higher revision wins; at equal revision a final row
   * beats a provisional one; a row equal in rank (the same revision written again) leaves the
   * stored row untouched, so replays rewrite nothing. Redshift's MERGE takes no condition on WHEN
   * MATCHED, so the guard prunes the stage first and the MERGE then writes whatever is left.
   */
  StagedBatch newerRevisionWins(WarehouseTable<?> table) {
    String target = table.name();
    String stage = stageOf(target);
    List<String> prepare = new ArrayList<>(lock(List.of(target)));
    prepare.add(createStageLike(target));
    String guard =
        deleteStagedRowsMatchingStoredKeys(table)
            + timeRange(table)
            + "\nAND ("
            + target
            + ".is_final OR "
            + target
            + ".revision > "
            + stage
            + ".revision OR ("
            + target
            + ".revision = "
            + stage
            + ".revision AND NOT "
            + stage
            + ".is_final))";
    return new StagedBatch(
        target,
        stage,
        prepare,
        List.of(new SqlStep(guard, table.timeColumn() != null), SqlStep.plain(merge(table))),
        List.of(dropStage(target)));
  }

  /**
   * MERGE of the whole stage into the target: matched rows are rewritten whole (all but the key),
   * the others inserted. The stage holds each key once, as MERGE requires.
   */
  String merge(WarehouseTable<?> table) {
    String target = table.name();
    List<String> keys = table.keyColumns();
    String on =
        keys.stream().map(k -> target + "." + k + " = s." + k).collect(Collectors.joining(" AND "));
    String set =
        table.columnNames().stream()
            .filter(c -> !keys.contains(c))
            .map(c -> c + " = s." + c)
            .collect(Collectors.joining(", "));
    String values =
        table.columnNames().stream().map(c -> "s." + c).collect(Collectors.joining(", "));
    return "MERGE INTO "
        + target
        + " USING "
        + stageOf(target)
        + " AS s\nON "
        + on
        + "\nWHEN MATCHED THEN UPDATE SET "
        + set
        + "\nWHEN NOT MATCHED THEN INSERT ("
        + String.join(", ", table.columnNames())
        + ") VALUES ("
        + values
        + ")";
  }

  String insertFromStage(WarehouseTable<?> table) {
    String columns = String.join(", ", table.columnNames());
    return "INSERT INTO "
        + table.name()
        + " ("
        + columns
        + ")\nSELECT "
        + columns
        + " FROM "
        + stageOf(table.name());
  }

  private SqlStep pruneStoredKeys(WarehouseTable<?> table) {
    return new SqlStep(
        deleteStagedRowsMatchingStoredKeys(table) + timeRange(table), table.timeColumn() != null);
  }

  private static String deleteStagedRowsMatchingStoredKeys(WarehouseTable<?> table) {
    String target = table.name();
    String stage = stageOf(target);
    return "DELETE FROM "
        + stage
        + " USING "
        + target
        + "\nWHERE "
        + table.keyColumns().stream()
            .map(k -> target + "." + k + " = " + stage + "." + k)
            .collect(Collectors.joining(" AND "));
  }

  private static String timeRange(WarehouseTable<?> table) {
    return table.timeColumn() == null
        ? ""
        : "\nAND " + table.name() + "." + table.timeColumn() + " BETWEEN ? AND ?";
  }

  /**
   * The reconcile rule (signal_hourly, signal_daily), for rows recomputed from the raw archive: a
   * staged row whose data columns equal the stored row's is pruned (the stored row, whatever its
   * revision or finality, stays untouched: a second run changes nothing); a staged row whose data
   * differ replaces the stored row whole, even a final one, with {@code revision} = stored revision
   * + 1 and the stored {@code late_readings} and {@code max_lateness_s} (reconcile does not know
   * arrival order; they stay the stream's record); a staged row with no stored row is inserted as
   * staged. Averages compare to {@value #AVERAGE_TOLERANCE} (CONTRACT §6), everything else exactly.
   */
  StagedBatch reconcile(WarehouseTable<?> table) {
    String target = table.name();
    String stage = stageOf(target);
    List<String> prepare = new ArrayList<>(lock(List.of(target)));
    prepare.add(createStageLike(target));
    String pruneEqual =
        deleteStagedRowsMatchingStoredKeys(table)
            + timeRange(table)
            + ROLLUP_DATA_COLUMNS.stream()
                .map(c -> "\nAND " + sameValue(target, stage, c))
                .collect(Collectors.joining());
    String carryRevision =
        "UPDATE "
            + stage
            + " SET revision = "
            + target
            + ".revision + 1, late_readings = "
            + target
            + ".late_readings, max_lateness_s = "
            + target
            + ".max_lateness_s\nFROM "
            + target
            + "\nWHERE "
            + table.keyColumns().stream()
                .map(k -> target + "." + k + " = " + stage + "." + k)
                .collect(Collectors.joining(" AND "))
            + timeRange(table);
    boolean ranged = table.timeColumn() != null;
    return new StagedBatch(
        target,
        stage,
        prepare,
        List.of(
            new SqlStep(pruneEqual, ranged),
            new SqlStep(carryRevision, ranged),
            SqlStep.plain(merge(table))),
        List.of(dropStage(target)));
  }

  /** Tolerance of the reconcile rule for averages: CONTRACT §6's 1e-9. */
  static final double AVERAGE_TOLERANCE = 1e-9;

  /** {@link #AVERAGE_TOLERANCE} as a plain decimal literal, which both databases parse. */
  private static final String TOLERANCE_LITERAL =
      java.math.BigDecimal.valueOf(AVERAGE_TOLERANCE).stripTrailingZeros().toPlainString();

  /** The rollup columns computed from the readings: what reconcile compares. */
  private static final List<String> ROLLUP_DATA_COLUMNS =
      List.of(
          "tenant_id",
          "readings",
          "expected_readings",
          "rssi_min",
          "rssi_max",
          "rssi_avg",
          "rssi_p10",
          "rssi_p50",
          "rssi_p90",
          "snr_avg",
          "cells_seen",
          "cell_changes",
          "battery_min_mv",
          "longest_gap_s");

  private static final List<String> NULLABLE_ROLLUP_COLUMNS =
      List.of("expected_readings", "snr_avg", "battery_min_mv");

  private static final List<String> AVERAGE_COLUMNS = List.of("rssi_avg", "snr_avg");

  /**
   * {@code a.c = b.c}, null-safe where the column is nullable (Redshift has no IS NOT DISTINCT
   * FROM), within the tolerance for averages.
   */
  private static String sameValue(String a, String b, String column) {
    String equal =
        AVERAGE_COLUMNS.contains(column)
            ? "ABS(" + a + "." + column + " - " + b + "." + column + ") <= " + TOLERANCE_LITERAL
            : a + "." + column + " = " + b + "." + column;
    return NULLABLE_ROLLUP_COLUMNS.contains(column)
        ? "("
            + equal
            + " OR ("
            + a
            + "."
            + column
            + " IS NULL AND "
            + b
            + "."
            + column
            + " IS NULL))"
        : equal;
  }

  // ---------------------------------------------------------------- retention

  /**
   * One bounded retention batch, to run in its own transaction: (Redshift) {@code LOCK} the table
   * so that the sinks' batches wait instead of failing serializable isolation, then {@code DELETE}
   * the rows whose {@code timeColumn} lies in {@code [?, ?)} (the last statement; bind the range's
   * start and end). A range on the column that leads the sort key lets Redshift skip blocks.
   */
  public List<String> deleteTimeRange(String table, String timeColumn) {
    String t = identifier(table);
    String c = identifier(timeColumn);
    List<String> statements = new ArrayList<>(lock(List.of(t)));
    statements.add("DELETE FROM " + t + " WHERE " + c + " >= ? AND " + c + " < ?");
    return List.copyOf(statements);
  }

  /** The oldest {@code timeColumn} before {@code ?}, or NULL: where the next batch starts. */
  public String oldestBefore(String table, String timeColumn) {
    String c = identifier(timeColumn);
    return "SELECT MIN(" + c + ") FROM " + identifier(table) + " WHERE " + c + " < ?";
  }

  /**
   * Count, oldest and newest {@code timeColumn} of the rows before {@code ?}: a dry run's report.
   */
  public String summaryBefore(String table, String timeColumn) {
    String c = identifier(timeColumn);
    return "SELECT COUNT(*), MIN("
        + c
        + "), MAX("
        + c
        + ") FROM "
        + identifier(table)
        + " WHERE "
        + c
        + " < ?";
  }

  static String identifier(String name) {
    if (name == null || !name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("Not a table or column name: " + name);
    }
    return name;
  }

  // ---------------------------------------------------------------- dim_device

  /** The observations of every device in the change stage, oldest first. */
  String selectObservationsOfStagedDevices() {
    WarehouseTable<?> changes = WarehouseTables.DIM_DEVICE_CHANGE;
    return "SELECT "
        + String.join(", ", changes.columnNames())
        + " FROM "
        + changes.name()
        + "\nWHERE device_id IN (SELECT device_id FROM "
        + stageOf(changes.name())
        + ")\nORDER BY device_id, valid_from";
  }

  /** The stored versions of every device in the change stage: key first, then the columns. */
  String selectVersionsOfStagedDevices() {
    WarehouseTable<?> dim = WarehouseTables.DIM_DEVICE;
    return "SELECT device_key, "
        + String.join(", ", dim.columnNames())
        + " FROM "
        + dim.name()
        + "\nWHERE device_id IN (SELECT device_id FROM "
        + stageOf(WarehouseTables.DIM_DEVICE_CHANGE.name())
        + ")\nORDER BY device_id, valid_from";
  }

  /** A stage for the new bounds of stored versions. */
  String createVersionBoundsStage() {
    return "CREATE TEMP TABLE "
        + stageOf(WarehouseTables.DIM_DEVICE.name())
        + " (device_key BIGINT, device_id VARCHAR("
        + WarehouseTables.DEVICE_ID_BYTES
        + "), valid_from TIMESTAMPTZ, valid_to TIMESTAMPTZ, is_current BOOLEAN)"
        + deviceStageAttributes();
  }

  static List<Column> versionBoundsColumns() {
    return List.of(
        Column.of("device_key", SqlType.BIGINT),
        Column.text("device_id", WarehouseTables.DEVICE_ID_BYTES),
        Column.of("valid_from", SqlType.TIMESTAMP),
        Column.of("valid_to", SqlType.TIMESTAMP),
        Column.of("is_current", SqlType.BOOLEAN));
  }

  /** Moves stored versions to their staged bounds; joins on device_id too, the dist key. */
  String updateVersionBoundsFromStage() {
    String dim = WarehouseTables.DIM_DEVICE.name();
    return "UPDATE "
        + dim
        + " SET valid_from = s.valid_from, valid_to = s.valid_to, is_current = s.is_current\nFROM "
        + stageOf(dim)
        + " AS s\nWHERE "
        + dim
        + ".device_id = s.device_id AND "
        + dim
        + ".device_key = s.device_key";
  }

  String deleteVersions(int keys) {
    return "DELETE FROM "
        + WarehouseTables.DIM_DEVICE.name()
        + " WHERE device_key IN ("
        + String.join(", ", Collections.nCopies(keys, "?"))
        + ")";
  }

  static String names(List<Column> columns) {
    return columns.stream().map(Column::name).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return name();
  }
}
