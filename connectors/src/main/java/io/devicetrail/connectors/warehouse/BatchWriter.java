package io.devicetrail.connectors.warehouse;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes one batch into the warehouse inside the connection's current transaction (autocommit off);
 * the caller commits, or rolls back and retries the whole batch. Writing the same batch again
 * leaves the same rows, which is what makes the sinks' at-least-once delivery safe.
 */
interface BatchWriter<T> extends Serializable {

  /** The table written, for logs and operator names. */
  String target();

  BatchOutcome write(Connection c, List<T> batch) throws SQLException;

  /** Values cut or dropped to fit their columns since this writer was created. */
  long cutValues();

  /**
   * What a batch did.
   *
   * @param received rows handed in
   * @param staged rows staged after deduplicating the batch by key
   * @param written rows the batch inserted or changed (0 for a replay)
   */
  record BatchOutcome(int received, int staged, int written) {}
}
