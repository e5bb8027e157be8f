package io.devicetrail.maintenance.retention;

import java.time.Instant;

/**
 * One change retention makes to a partitioned support table, or would make with a dry run.
 *
 * @param rows rows the change removes ({@link Kind#DROP}, {@link Kind#DELETE_FROM_DEFAULT}) or
 *     moves out of the default partition ({@link Kind#CREATE})
 */
public record PartitionAction(
    Kind kind, String table, String partition, Instant from, Instant to, long rows) {

  public enum Kind {
    /** A whole partition past retention is dropped. */
    DROP,
    /** Rows past retention are deleted from the default partition, in batches. */
    DELETE_FROM_DEFAULT,
    /** A daily partition is created (ahead, or for a day within retention that has none). */
    CREATE
  }

  /** One line for the operator: what was done, or with a dry run what would be. */
  public String describe(boolean dryRun) {
    String verb =
        switch (kind) {
          case DROP -> dryRun ? "would drop" : "dropped";
          case DELETE_FROM_DEFAULT -> dryRun ? "would delete" : "deleted";
          case CREATE -> dryRun ? "would create" : "created";
        };
    return switch (kind) {
      case DROP ->
          String.format(
              "support %s: %s partition %s [%s, %s) with %,d rows",
              table, verb, partition, from == null ? "MINVALUE" : from, to, rows);
      case DELETE_FROM_DEFAULT ->
          String.format(
              "support %s: %s %,d rows with ts before %s from %s",
              table, verb, rows, to, partition);
      case CREATE ->
          String.format(
              "support %s: %s partition %s [%s, %s)%s",
              table,
              verb,
              partition,
              from,
              to,
              rows == 0
                  ? ""
                  : String.format(
                      ", %s %,d rows from the default partition",
                      dryRun ? "moving" : "moved", rows));
    };
  }
}
