package io.devicetrail.jobs.rollup;

import io.devicetrail.connectors.warehouse.model.DeviceCadence;
import io.devicetrail.connectors.warehouse.model.SignalRollup;
import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.SignalReading;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Wires {@link DeviceRollupFunction} into a job.
 *
 * <pre>{@code
 * RollupStage.Streams rollups = RollupStage.attach(readings, snapshots, RollupOptions.defaults());
 * rollups.rows().sinkTo(warehouseRollupSink);      // signal_hourly / signal_daily
 * rollups.cadence().sinkTo(deviceLatestCadenceSink); // device_latest learned columns
 * }</pre>
 */
public final class RollupStage {

  /** Operator uid: keep it stable, savepoints map the rollup state by it. */
  public static final String UID = "device-rollups";

  private RollupStage() {}

  /** The rollup rows and the cadence updates of {@link #attach}. */
  public record Streams(DataStream<SignalRollup> rows, DataStream<DeviceCadence> cadence) {}

  /**
   * Keys both inputs by {@code device_id} and connects them to the rollup operator.
   *
   * @param readings signal readings, deduplicated or not
   * @param snapshots device snapshots (for the vendor's reporting interval)
   */
  public static Streams attach(
      DataStream<SignalReading> readings,
      DataStream<DeviceSnapshot> snapshots,
      RollupOptions options) {
    SingleOutputStreamOperator<SignalRollup> rows =
        readings
            .keyBy(SignalReading::deviceId, Types.STRING)
            .connect(snapshots.keyBy(DeviceSnapshot::deviceId, Types.STRING))
            .process(new DeviceRollupFunction(options), TypeInformation.of(SignalRollup.class))
            .uid(UID)
            .name("Device rollups");
    return new Streams(rows, rows.getSideOutput(DeviceRollupFunction.CADENCE));
  }
}
