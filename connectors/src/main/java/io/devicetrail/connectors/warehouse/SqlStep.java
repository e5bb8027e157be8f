package io.devicetrail.connectors.warehouse;

/**
 * One statement of a batch's transaction.
 *
 * @param bindsTimeRange the statement's only two parameters are a {@code BETWEEN ? AND ?} on the
 *     table's time column, to be bound to the batch's smallest and largest time (lets Redshift skip
 *     blocks by its sort key instead of scanning the whole target table)
 */
record SqlStep(String sql, boolean bindsTimeRange) {

  static SqlStep plain(String sql) {
    return new SqlStep(sql, false);
  }
}
