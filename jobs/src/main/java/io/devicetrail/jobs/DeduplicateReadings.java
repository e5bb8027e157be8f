package io.devicetrail.jobs;

import io.devicetrail.events.SignalReading;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops a reading whose identity {@code (device_id, ts)} was already seen, keyed by device.
 *
 * <p>Duplicates come from the poller re-publishing after a retry or a restart, which happens within
 * minutes of the original; so the seen set lives in state with a time-to-live ({@code ttl}, in
 * processing time) instead of forever. A replay of Kafka after a job restore is covered by the
 * checkpointed state itself. Sinks stay idempotent regardless, so a duplicate older than the TTL
 * costs a second row only in the raw archive.
 */
public final class DeduplicateReadings
    extends KeyedProcessFunction<String, SignalReading, SignalReading> {

  private final Duration ttl;
  private transient MapState<Long, Boolean> seen;
  private transient Counter duplicates;

  public DeduplicateReadings(Duration ttl) {
    this.ttl = ttl;
  }

  @Override
  public void open(OpenContext ctx) {
    MapStateDescriptor<Long, Boolean> descriptor =
        new MapStateDescriptor<>("seen-ts", Types.LONG, Types.BOOLEAN);
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(ttl)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    seen = getRuntimeContext().getMapState(descriptor);
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicatesDropped");
  }

  @Override
  public void processElement(SignalReading reading, Context ctx, Collector<SignalReading> out)
      throws Exception {
    long ts = reading.ts().toEpochMilli();
    if (seen.contains(ts)) {
      duplicates.inc();
      return;
    }
    seen.put(ts, Boolean.TRUE);
    out.collect(reading);
  }
}
