package io.devicetrail.bench.job;

import io.devicetrail.events.SignalReading;
import io.devicetrail.jobs.DropDuplicates;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * The job's duplicate filter alone, in Flink's keyed operator harness on the heap state backend
 * (the local run's): {@link DropDuplicates#readings} as the job uses it, beside the same filter
 * with Flink's default background cleanup of its TTL and with background cleanup disabled. The
 * profile of the job showed the default incremental cleanup costing most of the operator's time;
 * this measures what each choice costs. Not job code: a measuring device.
 */
final class DedupProbe {

  record Result(long readings, double seconds) {
    double rate() {
      return readings / seconds;
    }
  }

  private static final Duration TTL = Duration.ofHours(6); // the job's default

  private DedupProbe() {}

  /** The job's filter, as the job configures it. */
  static Result asInTheJob(int devices, int hours) throws Exception {
    return run(DropDuplicates.readings(TTL), devices, hours);
  }

  /** The same filter with {@code disableCleanupInBackground()} on its TTL. */
  static Result withoutBackgroundCleanup(int devices, int hours) throws Exception {
    return run(withTtl(base().disableCleanupInBackground().build()), devices, hours);
  }

  /** The same filter with Flink's default background cleanup of expired entries. */
  static Result withDefaultCleanup(int devices, int hours) throws Exception {
    return run(withTtl(base().build()), devices, hours);
  }

  private static StateTtlConfig.Builder base() {
    return StateTtlConfig.newBuilder(TTL)
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired);
  }

  private static DropDuplicates<SignalReading, Long> withTtl(StateTtlConfig ttl) {
    return new DropDuplicates<>("seen-ts", Types.LONG, r -> r.ts().toEpochMilli(), ttl);
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
}
