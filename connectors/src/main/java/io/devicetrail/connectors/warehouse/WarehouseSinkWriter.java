package io.devicetrail.connectors.warehouse;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers rows and writes them in batches, one transaction per batch: when the buffer is full, when
 * its oldest row has waited the batch interval (a processing-time timer, run in the task's mailbox
 * thread like {@link #write}), and in {@link #flush}, which Flink calls before every checkpoint
 * barrier and at the end of input. So every row before a checkpoint is committed before the
 * checkpoint completes; after a failure Flink replays from it, and the batches' idempotence turns
 * the replay into no change.
 *
 * <p>A failed batch is rolled back and retried whole, in a new transaction and on a new connection
 * if the old one broke; after the configured retries the writer fails the job. Closing does not
 * write the buffer: rows not covered by a completed checkpoint are replayed anyway.
 *
 * <p>Metrics (besides Flink's numRecordsSend): {@code warehouseBatches}, {@code
 * warehouseRowsWritten} (rows inserted or changed, 0 for replays), {@code warehouseRetries}, {@code
 * warehouseCutValues} and the gauge {@code warehouseLastBatchMillis}.
 */
final class WarehouseSinkWriter<T> implements SinkWriter<T> {

  private static final Logger LOG = LoggerFactory.getLogger(WarehouseSinkWriter.class);

  private final WarehouseConnection target;
  private final BatchWriter<T> writer;
  private final WarehouseSinkOptions options;
  private final ProcessingTimeService time;
  private final TypeSerializer<T> copier; // only when the job reuses objects
  private final String sessionName;
  private final List<T> buffer;

  private final Counter recordsSent;
  private final Counter batches;
  private final Counter rowsWritten;
  private final Counter retries;
  private volatile long lastBatchMillis;

  private Connection connection;
  private ScheduledFuture<?> timer;

  WarehouseSinkWriter(
      WarehouseConnection target,
      BatchWriter<T> writer,
      WarehouseSinkOptions options,
      WriterInitContext context) {
    this.target = target;
    this.writer = writer;
    this.options = options;
    this.time = context.getProcessingTimeService();
    this.copier = context.isObjectReuseEnabled() ? context.createInputSerializer() : null;
    this.sessionName =
        "devicetrail-sink-" + writer.target() + "-" + context.getTaskInfo().getIndexOfThisSubtask();
    this.buffer = new ArrayList<>(Math.min(options.batchSize(), 10_000));
    SinkWriterMetricGroup metrics = context.metricGroup();
    this.recordsSent = metrics.getNumRecordsSendCounter();
    this.batches = metrics.counter("warehouseBatches");
    this.rowsWritten = metrics.counter("warehouseRowsWritten");
    this.retries = metrics.counter("warehouseRetries");
    metrics.gauge("warehouseLastBatchMillis", () -> lastBatchMillis);
    metrics.gauge("warehouseCutValues", writer::cutValues);
  }

  @Override
  public void write(T element, Context context) throws IOException, InterruptedException {
    buffer.add(copier == null ? element : copier.copy(element));
    if (buffer.size() >= options.batchSize()) {
      writeBuffer();
    } else if (timer == null) {
      timer =
          time.registerTimer(
              time.getCurrentProcessingTime() + options.batchIntervalMs(), now -> onTimer());
    }
  }

  @Override
  public void flush(boolean endOfInput) throws IOException, InterruptedException {
    writeBuffer();
  }

  private void onTimer() throws IOException, InterruptedException {
    timer = null;
    writeBuffer();
  }

  private void writeBuffer() throws IOException, InterruptedException {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    if (buffer.isEmpty()) {
      return;
    }
    for (int attempt = 0; ; attempt++) {
      long started = System.nanoTime();
      try {
        BatchWriter.BatchOutcome outcome = writer.write(connection(), buffer);
        connection.commit();
        lastBatchMillis = (System.nanoTime() - started) / 1_000_000;
        batches.inc();
        recordsSent.inc(outcome.received());
        rowsWritten.inc(outcome.written());
        LOG.debug("{}: {} in {} ms", writer.target(), outcome, lastBatchMillis);
        buffer.clear();
        return;
      } catch (SQLException e) {
        rollbackQuietly();
        if (attempt >= options.maxRetries()) {
          throw new IOException(
              "Writing a batch of "
                  + buffer.size()
                  + " rows to "
                  + writer.target()
                  + " at "
                  + target.redactedUrl()
                  + " failed after "
                  + (attempt + 1)
                  + " attempts: "
                  + e.getMessage(),
              e);
        }
        retries.inc();
        LOG.warn(
            "Writing a batch of {} rows to {} failed (attempt {} of {}), retrying: {} [SQLState {}]",
            buffer.size(),
            writer.target(),
            attempt + 1,
            options.maxRetries() + 1,
            e.getMessage(),
            e.getSQLState());
        Thread.sleep(options.retryBackoffMs() * (attempt + 1));
      } catch (RuntimeException e) {
        rollbackQuietly(); // a bug or a row no table takes: not worth a retry
        throw e;
      }
    }
  }

  private Connection connection() throws SQLException {
    if (connection != null && !connection.isClosed() && connection.isValid(5)) {
      return connection;
    }
    closeConnection();
    connection = target.open(sessionName);
    connection.setAutoCommit(false);
    LOG.info("Connected to {} as {} ({})", target.redactedUrl(), target.user(), sessionName);
    return connection;
  }

  private void rollbackQuietly() {
    if (connection == null) {
      return;
    }
    try {
      connection.rollback();
    } catch (SQLException e) {
      // The connection is likely broken: drop it, the retry opens a new one.
      closeConnection();
    }
  }

  private void closeConnection() {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.warn("Closing the connection to {} failed: {}", target.redactedUrl(), e.getMessage());
    } finally {
      connection = null;
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    closeConnection();
  }
}
