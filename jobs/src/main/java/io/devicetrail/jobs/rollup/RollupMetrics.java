package io.devicetrail.jobs.rollup;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The rollup operator's metrics, in the sub-group {@code rollup} of the operator's group.
 *
 * <ul>
 *   <li>{@code readingsIn}: readings that reached the operator.
 *   <li>{@code duplicatesDropped}: readings whose {@code (device_id, ts)} a held bucket already
 *       had.
 *   <li>{@code beyondHorizonReadings}: readings older than their device's newest {@code ts} minus
 *       the horizon; not rolled up (they still reach the raw tiers).
 *   <li>{@code provisionalRows}: rows written by the inactivity delay, for a bucket the device left
 *       open.
 *   <li>{@code revisions}: rows written with new readings after the bucket's first row.
 *   <li>{@code rowsWritten}: every row written, finality flips included.
 *   <li>{@code openBuckets} (gauge): hourly and daily buckets held by this subtask whose row can
 *       still change (not final yet).
 * </ul>
 */
final class RollupMetrics {

  static final String GROUP = "rollup";

  private final Counter readingsIn;
  private final Counter duplicatesDropped;
  private final Counter beyondHorizon;
  private final Counter provisionalRows;
  private final Counter revisions;
  private final Counter rowsWritten;
  private long openBuckets;

  RollupMetrics(MetricGroup operatorGroup) {
    MetricGroup group = operatorGroup.addGroup(GROUP);
    readingsIn = group.counter("readingsIn");
    duplicatesDropped = group.counter("duplicatesDropped");
    beyondHorizon = group.counter("beyondHorizonReadings");
    provisionalRows = group.counter("provisionalRows");
    revisions = group.counter("revisions");
    rowsWritten = group.counter("rowsWritten");
    group.gauge("openBuckets", (Gauge<Long>) () -> openBuckets);
  }

  void readingIn() {
    readingsIn.inc();
  }

  void duplicateDropped() {
    duplicatesDropped.inc();
  }

  void beyondHorizon() {
    beyondHorizon.inc();
  }

  void rowWritten(boolean provisional, boolean revision) {
    rowsWritten.inc();
    if (provisional) {
      provisionalRows.inc();
    }
    if (revision) {
      revisions.inc();
    }
  }

  void bucketOpened() {
    openBuckets++;
  }

  void bucketFinal() {
    openBuckets--;
  }

  long openBuckets() {
    return openBuckets;
  }

  /** Restores the gauge's count from a checkpoint. */
  void openBuckets(long count) {
    openBuckets = count;
  }

  long readingsIn() {
    return readingsIn.getCount();
  }

  long duplicatesDropped() {
    return duplicatesDropped.getCount();
  }

  long beyondHorizonReadings() {
    return beyondHorizon.getCount();
  }

  long provisionalRows() {
    return provisionalRows.getCount();
  }

  long revisions() {
    return revisions.getCount();
  }

  long rowsWritten() {
    return rowsWritten.getCount();
  }
}
