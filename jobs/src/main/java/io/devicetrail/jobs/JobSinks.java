package io.devicetrail.jobs;

import io.devicetrail.events.DeadLetter;
import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.SignalReading;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * The job's outputs. Production wires the Parquet archive on S3, PostgreSQL and the dead-letter
 * topic ({@link ProductionSinks}); tests may pass collecting sinks.
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

  /** {@code devicetrail.deadletter.v1}. */
  Sink<DeadLetter> deadLetters();
}
