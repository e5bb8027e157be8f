package io.devicetrail.jobs;

import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.SignalReading;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops an event whose identity was already seen for its device (keyed by device): a reading is
 * {@code (device_id, ts)}, an activity is {@code event_id}.
 *
 * <p>Duplicates come from the poller re-publishing after a retry or a restart, which happens within
 * minutes of the original; so the seen set lives in state with a time-to-live (processing time)
 * instead of forever. A replay of Kafka after a job restore is covered by the checkpointed state
 * itself. Sinks stay idempotent regardless, so a duplicate older than the TTL costs a second row
 * only in the raw archive.
 */
public final class DropDuplicates<T, K> extends KeyedProcessFunction<String, T, T> {

  /** The identity of an event within its device; serializable so that method references fit. */
  @FunctionalInterface
  public interface Identity<T, K> extends Serializable {
    K of(T event);
  }

  private final String stateName;
  private final TypeInformation<K> identityType;
  private final Identity<T, K> identity;
  private final StateTtlConfig ttl;
  private transient MapState<K, Boolean> seen;
  private transient Counter duplicates;

  public DropDuplicates(
      String stateName,
      TypeInformation<K> identityType,
      Identity<T, K> identity,
      StateTtlConfig ttl) {
    this.stateName = stateName;
    this.identityType = identityType;
    this.identity = identity;
    this.ttl = ttl;
  }

  /** Readings by {@code ts} within their device. */
  public static DropDuplicates<SignalReading, Long> readings(Duration ttl) {
    return new DropDuplicates<>("seen-ts", Types.LONG, r -> r.ts().toEpochMilli(), ttlConfig(ttl));
  }

  /** Activities by {@code event_id}. */
  public static DropDuplicates<DeviceActivity, String> activities(Duration ttl) {
    return new DropDuplicates<>(
        "seen-event-ids", Types.STRING, DeviceActivity::eventId, ttlConfig(ttl));
  }

  /**
   * The seen set's time-to-live. On the heap backend, the default incremental cleanup visits
   * several entries on every state access and was measured to cost most of this operator's time
   * (bench/README.md); one entry per access still removes them as fast as they are added. RocksDB
   * keeps its default compaction-filter cleanup.
   */
  public static StateTtlConfig ttlConfig(Duration ttl) {
    return StateTtlConfig.newBuilder(ttl)
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
        .cleanupIncrementally(1, false)
        .build();
  }

  @Override
  public void open(OpenContext ctx) {
    MapStateDescriptor<K, Boolean> descriptor =
        new MapStateDescriptor<>(stateName, identityType, Types.BOOLEAN);
    descriptor.enableTimeToLive(ttl);
    seen = getRuntimeContext().getMapState(descriptor);
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicatesDropped");
  }

  @Override
  public void processElement(T event, Context ctx, Collector<T> out) throws Exception {
    K id = identity.of(event);
    if (seen.contains(id)) {
      duplicates.inc();
      return;
    }
    seen.put(id, Boolean.TRUE);
    out.collect(event);
  }
}
