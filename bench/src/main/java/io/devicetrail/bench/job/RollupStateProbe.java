package io.devicetrail.bench.job;

import io.devicetrail.connectors.warehouse.model.SignalRollup;
import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.SignalReading;
import io.devicetrail.jobs.rollup.DeviceRollupFunction;
import io.devicetrail.jobs.rollup.RollupOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

/**
 * Drives the real rollup operator ({@link DeviceRollupFunction}, default options: 7-day horizon) in
 * Flink's keyed operator harness with a fleet of 5-minute devices uploading hourly, and takes
 * checkpoints (the harness's snapshot: the heap state backend's serialised keyed state, as
 * RollupStateSizeTest measures it) at chosen hours.
 */
final class RollupStateProbe {

  /** Keyed state per device after {@code hours} simulated hours. */
  record Point(int hours, long keyedBytes, double bytesPerDevice) {}

  record Result(int devices, List<Point> points, long readings, double feedSeconds) {
    double readingsPerSecond() {
      return readings / feedSeconds;
    }
  }

  private RollupStateProbe() {}

  /**
   * @param snapshotAfter hours (processed so far) after which to take a snapshot
   */
  static Result run(int devices, int days, IntPredicate snapshotAfter, Path checkpointDir)
      throws Exception {
    SimulatedFleet fleet = new SimulatedFleet(devices, Instant.parse("2026-11-02T00:00:00Z"), 11);
    List<Point> points = new ArrayList<>();
    long readings = 0;
    long feedNanos = 0;
    try (KeyedTwoInputStreamOperatorTestHarness<String, SignalReading, DeviceSnapshot, SignalRollup>
        h =
            new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new DeviceRollupFunction(RollupOptions.defaults())),
                SignalReading::deviceId,
                DeviceSnapshot::deviceId,
                Types.STRING)) {
      // Checkpoints to files: the in-memory default refuses state above 5 MB.
      h.setCheckpointStorage(new FileSystemCheckpointStorage(checkpointDir.toUri()));
      h.setup();
      h.open();
      long start = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
      h.setProcessingTime(start);
      for (int d = 0; d < devices; d++) {
        h.processElement2(new StreamRecord<>(fleet.snapshot(d, Instant.ofEpochMilli(start))));
      }
      for (int hour = 0; hour < days * 24; hour++) {
        long began = System.nanoTime();
        // Uploads arrive within two minutes after the hour: processing time follows.
        h.setProcessingTime(start + (hour + 1) * 3_600_000L + 120_000L);
        for (int d = 0; d < devices; d++) {
          for (SignalReading r : fleet.upload(d, hour)) {
            h.processElement1(new StreamRecord<>(r));
            readings++;
          }
        }
        feedNanos += System.nanoTime() - began;
        // Rows and cadence updates are not what is measured here; drop them to bound memory.
        h.getOutput().clear();
        if (h.getSideOutput(DeviceRollupFunction.CADENCE) != null) {
          h.getSideOutput(DeviceRollupFunction.CADENCE).clear();
        }
        if (snapshotAfter.test(hour + 1)) {
          long bytes = keyedBytes(h.snapshot(hour + 1, h.getProcessingTime()));
          points.add(new Point(hour + 1, bytes, (double) bytes / devices));
        }
      }
    }
    return new Result(devices, points, readings, feedNanos / 1e9);
  }

  private static long keyedBytes(OperatorSubtaskState snapshot) {
    long bytes = 0;
    for (KeyedStateHandle handle : snapshot.getManagedKeyedState()) {
      bytes += handle.getStateSize();
    }
    return bytes;
  }
}
