package io.devicetrail.jobs;

import io.devicetrail.connectors.warehouse.DeviceAttributes;
import io.devicetrail.connectors.warehouse.model.DeviceCadence;
import io.devicetrail.connectors.warehouse.model.SignalRollup;
import io.devicetrail.events.DeadLetter;
import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.SignalReading;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * The job's outputs. Production wires the Parquet archive on S3, the support database, the
 * warehouse and the dead-letter topic ({@link ProductionWiring}); tests may pass their own.
 */
public interface JobSinks {

  /** Raw archive of readings (CONTRACT §3), exactly once per checkpoint. */
  Sink<SignalReading> signalArchive();

  /** Raw archive of activity events (CONTRACT §3). */
  Sink<DeviceActivity> activityArchive();

  /** {@code signal_recent}, idempotent. */
  Sink<SignalReading> signalRecent();

  /** {@code device_latest} reading columns, forward-only in event time. */
  Sink<SignalReading> latestFromSignal();

  /** {@code activity_recent}, idempotent. */
  Sink<DeviceActivity> activityRecent();

  /** {@code device_latest} activity columns, forward-only in event time. */
  Sink<DeviceActivity> latestFromActivity();

  /** {@code device}, current attributes. */
  Sink<DeviceSnapshot> device();

  /** Warehouse {@code signal_raw}, insert-if-absent. */
  Sink<SignalReading> signalRaw();

  /** Warehouse {@code signal_hourly} and {@code signal_daily}, revision-guarded upserts. */
  Sink<SignalRollup> rollups();

  /** Warehouse {@code activity_event}, insert-if-absent. */
  Sink<DeviceActivity> activityEvent();

  /** Warehouse {@code dim_device}, the type-2 history of device attributes. */
  Sink<DeviceAttributes> dimDevice();

  /** {@code device_latest}'s learned cadence columns (support database). */
  Sink<DeviceCadence> deviceCadence();

  /** {@code devicetrail.deadletter.v1}. */
  Sink<DeadLetter> deadLetters();
}
