package io.devicetrail.connectors.warehouse;

import static io.devicetrail.connectors.warehouse.Rows.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devicetrail.events.SignalReading;
import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.junit.LocalServicesExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * When the sink writes: the real sink in Flink's sink writer operator, driven by a test harness
 * whose processing time and checkpoints the test controls.
 */
@ExtendWith(LocalServicesExtension.class)
class WarehouseSinkWriterTest {

  private static final long INTERVAL_MS = 1_000;

  private static LocalPostgres postgres;
  private static TestWarehouse warehouse;

  private OneInputStreamOperatorTestHarness<SignalReading, CommittableMessage<Void>> harness;

  @BeforeAll
  static void migrate(LocalPostgres localPostgres) throws Exception {
    postgres = localPostgres;
    warehouse = TestWarehouse.create(postgres, "warehouse_sink_writer");
  }

  @BeforeEach
  void openWriter() throws Exception {
    warehouse.truncateAll();
    Sink<SignalReading> sink =
        WarehouseSinks.signalRaw(
            warehouse.connection(),
            WarehouseDialect.postgres(),
            WarehouseSinkOptions.builder()
                .batchSize(3)
                .batchIntervalMs(INTERVAL_MS)
                .maxRetries(1)
                .retryBackoffMs(10)
                .build());
    harness = new OneInputStreamOperatorTestHarness<>(new SinkWriterOperatorFactory<>(sink));
    harness.setProcessingTime(0);
    harness.open();
  }

  @AfterEach
  void closeWriter() throws Exception {
    harness.close();
  }

  @Test
  void aBatchNotYetFullIsWrittenWhenItsFirstRowHasWaitedTheInterval() throws Exception {
    harness.processElement(reading("dev-1", "10:00:00", -80), 0);
    harness.setProcessingTime(400);
    harness.processElement(reading("dev-1", "10:01:00", -81), 0);

    harness.setProcessingTime(INTERVAL_MS - 1);
    assertThat(rowsInWarehouse()).isZero();

    harness.setProcessingTime(INTERVAL_MS);
    assertThat(rowsInWarehouse()).isEqualTo(2);
  }

  @Test
  void aFullBatchIsWrittenAtOnce() throws Exception {
    harness.processElement(reading("dev-1", "10:00:00", -80), 0);
    harness.processElement(reading("dev-1", "10:01:00", -81), 0);
    assertThat(rowsInWarehouse()).isZero();

    harness.processElement(reading("dev-1", "10:02:00", -82), 0);

    assertThat(rowsInWarehouse()).isEqualTo(3);
  }

  @Test
  void everythingBufferedIsCommittedBeforeTheCheckpointBarrier() throws Exception {
    harness.processElement(reading("dev-1", "10:00:00", -80), 0);
    harness.processElement(reading("dev-2", "10:00:00", -81), 0);

    harness.prepareSnapshotPreBarrier(1);

    assertThat(rowsInWarehouse()).isEqualTo(2);
  }

  @Test
  void closingWithoutACheckpointWritesNothingSinceFlinkReplaysThoseRows() throws Exception {
    harness.processElement(reading("dev-1", "10:00:00", -80), 0);

    harness.close();

    assertThat(rowsInWarehouse()).isZero();
  }

  @Test
  void aBatchThatKeepsFailingFailsTheTaskNamingTheTableButNeverThePassword() throws Exception {
    harness.processElement(reading("dev-1", "10:00:00", -80), 0);
    warehouse.execute("ALTER TABLE signal_raw RENAME TO signal_raw_away");
    try {
      assertThatThrownBy(() -> harness.prepareSnapshotPreBarrier(1))
          .hasStackTraceContaining("Writing a batch of 1 rows to signal_raw")
          .hasStackTraceContaining("failed after 2 attempts")
          .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(postgres.password()));
    } finally {
      warehouse.execute("ALTER TABLE signal_raw_away RENAME TO signal_raw");
    }
  }

  private static long rowsInWarehouse() throws Exception {
    return warehouse.count("SELECT count(*) FROM signal_raw");
  }

  private static String stackTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
