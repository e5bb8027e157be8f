package io.devicetrail.connectors.warehouse;

import java.util.List;

/**
 * The PostgreSQL 15 stand-in for the warehouse, through pgjdbc: local runs and tests. It runs the
 * same statements as {@link RedshiftDialect} (PostgreSQL 15 has MERGE), so the stand-in tests the
 * text Redshift gets; only locking and JSON parameters differ. It has no COPY from S3.
 */
public final class PostgresDialect extends WarehouseDialect {

  private static final long serialVersionUID = 1L;

  PostgresDialect() {}

  @Override
  public String name() {
    return "postgres";
  }

  /** None: the primary keys, which PostgreSQL enforces, catch conflicting concurrent writers. */
  @Override
  List<String> lock(List<String> tables) {
    return List.of();
  }

  @Override
  String jsonParameter() {
    return "CAST(? AS jsonb)";
  }

  @Override
  String deviceStageAttributes() {
    return "";
  }

  /** {@code VACUUM (ANALYZE)}: frees the dead rows for reuse and refreshes the statistics. */
  @Override
  public List<String> reclaimAfterDelete(String table) {
    return List.of("VACUUM (ANALYZE) " + identifier(table));
  }
}
