package io.devicetrail.connectors.postgres;

import io.devicetrail.connectors.warehouse.model.DeviceCadence;
import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.SignalReading;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * The job's sinks into the support database (CONTRACT §4), one per table and event type.
 *
 * <p>Delivery is at least once: after a failure Flink replays from the last checkpoint, and a
 * failed batch is retried whole. Every statement is idempotent, so a replay adds no duplicate and
 * changes no row: {@code signal_recent} and {@code activity_recent} skip keys already present;
 * {@code device} and {@code device_latest} only move forward ({@code updated_at}, event time).
 *
 * <pre>{@code
 * readings.sinkTo(SupportDbSinks.signalRecent(support, SupportDbSinks.defaultExecutionOptions()))
 *     .name("signal_recent");
 * readings.keyBy(SignalReading::deviceId)
 *     .sinkTo(SupportDbSinks.deviceLatestFromSignal(support, options))
 *     .name("device_latest (readings)");
 * }</pre>
 *
 * <p>Feed the {@code device_latest} and {@code device} sinks keyed by device id: one writer per
 * device keeps two writers from locking the same rows in opposite orders (a deadlock PostgreSQL
 * breaks by failing one batch, which is then retried). Pre-reducing to the newest event per device
 * before them is safe and cuts the writes: the statements' guards make the order irrelevant.
 */
public final class SupportDbSinks {

  /** Rows per batch: large enough to amortise round trips, small enough for short transactions. */
  public static final int DEFAULT_BATCH_SIZE = 2000;

  /** A batch not yet full is written after this long, which bounds how stale the pages are. */
  public static final long DEFAULT_BATCH_INTERVAL_MS = 500;

  /** Retries of a failed batch (after 0, 1, 2 s) before the job fails and replays. */
  public static final int DEFAULT_MAX_RETRIES = 3;

  private SupportDbSinks() {}

  /** Batch size, interval and retries that suit the support database. */
  public static JdbcExecutionOptions defaultExecutionOptions() {
    return JdbcExecutionOptions.builder()
        .withBatchSize(DEFAULT_BATCH_SIZE)
        .withBatchIntervalMs(DEFAULT_BATCH_INTERVAL_MS)
        .withMaxRetries(DEFAULT_MAX_RETRIES)
        .build();
  }

  /** Every reading into {@code signal_recent}; a reading already there is skipped. */
  public static Sink<SignalReading> signalRecent(
      PostgresConnection conn, JdbcExecutionOptions opts) {
    return sink(
        conn, opts, "signal_recent", SignalRecentStatement.SQL, new SignalRecentStatement(), true);
  }

  /** The newest reading per device into {@code device_latest}'s reading columns. */
  public static Sink<SignalReading> deviceLatestFromSignal(
      PostgresConnection conn, JdbcExecutionOptions opts) {
    return sink(
        conn,
        opts,
        "device_latest-signal",
        DeviceLatestFromSignalStatement.SQL,
        new DeviceLatestFromSignalStatement(),
        false);
  }

  /** Every activity event into {@code activity_recent}; an event already there is skipped. */
  public static Sink<DeviceActivity> activityRecent(
      PostgresConnection conn, JdbcExecutionOptions opts) {
    return sink(
        conn,
        opts,
        "activity_recent",
        ActivityRecentStatement.SQL,
        new ActivityRecentStatement(),
        true);
  }

  /** The newest activity event per device into {@code device_latest}'s activity columns. */
  public static Sink<DeviceActivity> deviceLatestFromActivity(
      PostgresConnection conn, JdbcExecutionOptions opts) {
    return sink(
        conn,
        opts,
        "device_latest-activity",
        DeviceLatestFromActivityStatement.SQL,
        new DeviceLatestFromActivityStatement(),
        false);
  }

  /** Device snapshots into {@code device}, forward in the vendor's {@code updated_at} only. */
  /** {@code device_latest}'s learned cadence columns, forward-only on the last upload. */
  public static Sink<DeviceCadence> deviceCadence(
      PostgresConnection conn, JdbcExecutionOptions opts) {
    return sink(
        conn,
        opts,
        "device_latest_cadence",
        DeviceLatestCadenceStatement.SQL,
        new DeviceLatestCadenceStatement(),
        false);
  }

  public static Sink<DeviceSnapshot> device(PostgresConnection conn, JdbcExecutionOptions opts) {
    return sink(conn, opts, "device", DeviceStatement.SQL, new DeviceStatement(), false);
  }

  private static <T> Sink<T> sink(
      PostgresConnection conn,
      JdbcExecutionOptions opts,
      String name,
      String sql,
      JdbcStatementBuilder<T> statement,
      boolean multiRowInserts) {
    Objects.requireNonNull(conn, "conn cannot be null");
    Objects.requireNonNull(opts, "opts cannot be null");
    return JdbcSink.<T>builder()
        .withExecutionOptions(opts)
        .withQueryStatement(sql, statement)
        .buildAtLeastOnce(
            new PostgresConnectionProvider(conn, driverProperties(name, multiRowInserts)));
  }

  /**
   * The pgjdbc settings of one sink.
   *
   * @param multiRowInserts let pgjdbc turn a batch of single-row INSERTs into multi-row INSERTs
   *     (about twice the rows per second in a local measurement); only for insert-only statements,
   *     since a multi-row upsert that meets the same key twice fails ("ON CONFLICT DO UPDATE
   *     command cannot affect row a second time")
   */
  static Map<String, String> driverProperties(String sinkName, boolean multiRowInserts) {
    Map<String, String> properties = new HashMap<>();
    // Shows in pg_stat_activity, so an operator can tell the sinks' sessions apart.
    properties.put("ApplicationName", "devicetrail-sink-" + sinkName);
    properties.put("reWriteBatchedInserts", Boolean.toString(multiRowInserts));
    return properties;
  }
}
