package io.devicetrail.bench.job;

import io.devicetrail.events.SignalReading;
import io.devicetrail.jobs.DeduplicateReadings;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;

/**
 * The job's duplicate filter alone, in Flink's keyed operator harness on the heap state backend
 * (the local run's): {@link DeduplicateReadings} as the job uses it, beside the same filter with
 * the state TTL's background cleanup disabled. The profile of the job shows the heap backend's
 * incremental TTL cleanup copying whole per-device maps on every state access; this measures what
 * that costs, to support the proposal in bench/README.md. Not job code: a measuring device.
 */
final class DedupProbe {

  /** A change to the TTL builder; serializable because the function is. */
  private interface Cleanup extends java.io.Serializable {
    StateTtlConfig.Builder apply(StateTtlConfig.Builder builder);
  }

  record Result(long readings, double seconds) {
    double rate() {
      return readings / seconds;
    }
  }

  private DedupProbe() {}

  /** The job's {@link DeduplicateReadings}, 6-hour TTL (the job's default). */
  static Result asInTheJob(int devices, int hours) throws Exception {
    return run(new DeduplicateReadings(Duration.ofHours(6)), devices, hours);
  }

  /** The same filter with {@code disableCleanupInBackground()} on its TTL. */
  static Result withoutBackgroundCleanup(int devices, int hours) throws Exception {
    return run(
        new OtherCleanup(Duration.ofHours(6), b -> b.disableCleanupInBackground()), devices, hours);
  }

  /** The same filter with {@code cleanupIncrementally(1, false)}: one state entry per access. */
  static Result withLighterCleanup(int devices, int hours) throws Exception {
    return run(
        new OtherCleanup(Duration.ofHours(6), b -> b.cleanupIncrementally(1, false)),
        devices,
        hours);
  }

  private static Result run(
      KeyedProcessFunction<String, SignalReading, SignalReading> function, int devices, int hours)
      throws Exception {
    Instant first = Instant.parse("2026-11-02T00:00:00Z");
    SimulatedFleet fleet = new SimulatedFleet(devices, first, 5);
    long readings = 0;
    long nanos = 0;
    try (KeyedOneInputStreamOperatorTestHarness<String, SignalReading, SignalReading> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(function), SignalReading::deviceId, Types.STRING)) {
      h.open();
      for (int hour = 0; hour < hours; hour++) {
        long now = first.toEpochMilli() + (hour + 1) * 3_600_000L;
        h.setProcessingTime(now);
        h.setStateTtlProcessingTime(now);
        long began = System.nanoTime();
        for (int d = 0; d < devices; d++) {
          for (SignalReading r : fleet.upload(d, hour)) {
            h.processElement(new StreamRecord<>(r));
            readings++;
          }
        }
        nanos += System.nanoTime() - began;
        h.getOutput().clear();
      }
    }
    return new Result(readings, nanos / 1e9);
  }

  /** DeduplicateReadings' logic with another cleanup of expired entries. */
  private static final class OtherCleanup
      extends KeyedProcessFunction<String, SignalReading, SignalReading> {
    private final Duration ttl;
    private final Cleanup cleanup;
    private transient MapState<Long, Boolean> seen;

    OtherCleanup(Duration ttl, Cleanup cleanup) {
      this.ttl = ttl;
      this.cleanup = cleanup;
    }

    @Override
    public void open(OpenContext ctx) {
      MapStateDescriptor<Long, Boolean> descriptor =
          new MapStateDescriptor<>("seen-ts", Types.LONG, Types.BOOLEAN);
      descriptor.enableTimeToLive(
          cleanup
              .apply(
                  StateTtlConfig.newBuilder(ttl)
                      .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                      .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired))
              .build());
      seen = getRuntimeContext().getMapState(descriptor);
    }

    @Override
    public void processElement(SignalReading reading, Context ctx, Collector<SignalReading> out)
        throws Exception {
      long ts = reading.ts().toEpochMilli();
      if (!seen.contains(ts)) {
        seen.put(ts, Boolean.TRUE);
        out.collect(reading);
      }
    }
  }
}
