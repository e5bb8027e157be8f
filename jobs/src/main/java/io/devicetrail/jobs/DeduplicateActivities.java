package io.devicetrail.jobs;

import io.devicetrail.events.DeviceActivity;
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
 * Drops an activity whose {@code event_id} was already seen for its device; same reasoning and TTL
 * as {@link DeduplicateReadings}.
 */
public final class DeduplicateActivities
    extends KeyedProcessFunction<String, DeviceActivity, DeviceActivity> {

  private final Duration ttl;
  private transient MapState<String, Boolean> seen;
  private transient Counter duplicates;

  public DeduplicateActivities(Duration ttl) {
    this.ttl = ttl;
  }

  @Override
  public void open(OpenContext ctx) {
    MapStateDescriptor<String, Boolean> descriptor =
        new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.BOOLEAN);
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(ttl)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    seen = getRuntimeContext().getMapState(descriptor);
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicatesDropped");
  }

  @Override
  public void processElement(DeviceActivity activity, Context ctx, Collector<DeviceActivity> out)
      throws Exception {
    if (seen.contains(activity.eventId())) {
      duplicates.inc();
      return;
    }
    seen.put(activity.eventId(), Boolean.TRUE);
    out.collect(activity);
  }
}
