package io.devicetrail.connectors.warehouse;

import java.util.List;

/**
 * The statements of one batch written through a staging table, in one transaction: {@code prepare},
 * then the batch inserted into {@code stage} (multi-row INSERTs), then {@code apply}, then {@code
 * cleanup}, then commit.
 */
record StagedBatch(
    String table, String stage, List<String> prepare, List<SqlStep> apply, List<String> cleanup) {

  StagedBatch {
    prepare = List.copyOf(prepare);
    apply = List.copyOf(apply);
    cleanup = List.copyOf(cleanup);
  }
}
