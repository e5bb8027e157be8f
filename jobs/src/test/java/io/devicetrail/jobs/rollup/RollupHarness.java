package io.devicetrail.jobs.rollup;

import io.devicetrail.connectors.warehouse.model.DeviceCadence;
import io.devicetrail.connectors.warehouse.model.RollupTier;
import io.devicetrail.connectors.warehouse.model.SignalRollup;
import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.SignalReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

/**
 * The rollup operator in Flink's keyed two-input test harness, with processing time under the
 * test's control: an upload sets processing time to its {@code fetched_at}, as the poller would.
 */
final class RollupHarness implements AutoCloseable {

  private final DeviceRollupFunction function;
  private final KeyedTwoInputStreamOperatorTestHarness<
          String, SignalReading, DeviceSnapshot, SignalRollup>
      harness;
  private long now;

  RollupHarness(RollupOptions options, Instant start) throws Exception {
    this(options, start, null);
  }

  RollupHarness(RollupOptions options, Instant start, OperatorSubtaskState restoreFrom)
      throws Exception {
    function = new DeviceRollupFunction(options);
    if (restoreFrom == null) {
      harness =
          ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
              function, SignalReading::deviceId, DeviceSnapshot::deviceId, Types.STRING);
    } else {
      harness =
          new KeyedTwoInputStreamOperatorTestHarness<>(
              new org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator<>(function),
              SignalReading::deviceId,
              DeviceSnapshot::deviceId,
              Types.STRING);
      harness.setup();
      harness.initializeState(restoreFrom);
      harness.open();
    }
    advanceTo(start);
  }

  /** Processing time moves to {@code at} (timers due by then fire). */
  void advanceTo(Instant at) throws Exception {
    long t = at.toEpochMilli();
    if (t < now) {
      throw new IllegalArgumentException("processing time cannot go back to " + at);
    }
    now = t;
    harness.setProcessingTime(t);
  }

  /** The poller publishes {@code readings} at {@code fetchedAt}. */
  void upload(Instant fetchedAt, Collection<SignalReading> readings) throws Exception {
    advanceTo(fetchedAt);
    for (SignalReading r : readings) {
      harness.processElement1(new StreamRecord<>(r));
    }
  }

  void upload(Collection<SignalReading> readings) throws Exception {
    for (SignalReading r : readings) {
      harness.processElement1(new StreamRecord<>(r));
    }
  }

  void device(DeviceSnapshot snapshot) throws Exception {
    harness.processElement2(new StreamRecord<>(snapshot));
  }

  /** Every row written so far, in order. */
  List<SignalRollup> rows() {
    return new ArrayList<>(harness.extractOutputValues());
  }

  List<SignalRollup> rows(RollupTier tier, String deviceId) {
    return rows().stream().filter(r -> r.tier() == tier && r.deviceId().equals(deviceId)).toList();
  }

  /** The last row written per (tier, device, bucket): what the warehouse holds. */
  Map<String, SignalRollup> latestRows() {
    Map<String, SignalRollup> latest = new LinkedHashMap<>();
    for (SignalRollup r : rows()) {
      latest.put(key(r), r);
    }
    return latest;
  }

  static String key(SignalRollup r) {
    return r.tier() + "|" + r.deviceId() + "|" + r.bucketStart();
  }

  List<DeviceCadence> cadence() {
    List<DeviceCadence> out = new ArrayList<>();
    for (StreamRecord<DeviceCadence> r : harness.getSideOutput(DeviceRollupFunction.CADENCE)) {
      out.add(r.getValue());
    }
    return out;
  }

  int stateEntries() {
    return harness.numKeyedStateEntries();
  }

  RollupMetrics metrics() {
    return function.metrics();
  }

  OperatorSubtaskState snapshot(long checkpointId) throws Exception {
    return harness.snapshot(checkpointId, now);
  }

  @Override
  public void close() throws Exception {
    harness.close();
  }
}
