package io.devicetrail.jobs.rollup;

import io.devicetrail.connectors.warehouse.model.DeviceCadence;
import io.devicetrail.connectors.warehouse.model.SignalRollup;
import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.SignalReading;
import java.util.List;
import java.util.Objects;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Hourly and daily rollups per device, advancing with each device's own event time (CONTRACT §5,
 * §6), and the device's learned cadence on the side output {@link #CADENCE}.
 *
 * <p>Keyed by {@code device_id}; input 1 is the device's {@link SignalReading}s (deduplicated or
 * not: a {@code ts} already held never counts twice), input 2 its {@link DeviceSnapshot}s from the
 * compacted device topic, which bring the vendor's {@code reporting_interval_s}. A co-function
 * rather than a union type keeps one keyed state per device and both inputs typed. No watermark is
 * used: the job may run with {@code WatermarkStrategy.noWatermarks()}.
 *
 * <h2>When rows are written</h2>
 *
 * <ul>
 *   <li><b>Closed</b>: once the device's newest {@code ts} reaches a bucket's end, or the reporting
 *       interval says the next reading falls past it ({@code newest + interval >= end}), the bucket
 *       is written at once. A sleeper uploading 10 full hours at once yields 10 hourly rows, each
 *       written once, none late.
 *   <li><b>Provisional</b>: a bucket the device left open (it went to sleep mid-hour) is written
 *       with {@code is_final} false once {@link RollupOptions#inactivityDelay()} of processing time
 *       passed without a reading from the device.
 *   <li><b>Revised</b>: readings that reach a bucket after its first row make it dirty again; it is
 *       rewritten whole, {@code revision + 1}, when it is closed (at once if it already is) or
 *       after the inactivity delay. They count in {@code late_readings}; {@code max_lateness_s} is
 *       the largest {@code fetched_at - ts} among them.
 *   <li><b>Final</b>: once the device's newest {@code ts} is a horizon past a bucket's end, no
 *       acceptable reading can fall into it; its row is written a last time with {@code is_final}
 *       true (same revision unless it had new readings). The device's event time decides, not
 *       processing time, so a replay or a backfill finalizes exactly like the live stream.
 *   <li><b>Silent device</b>: after {@link RollupOptions#idleTimeout()} of processing time without
 *       readings (default horizon + 1 day), every remaining row is written final and the device's
 *       state is dropped; with a device clock that runs with wall time, the horizon has then passed
 *       for all its buckets. A device that comes back later starts afresh (its old buckets are
 *       final: the sink must never update a final row).
 * </ul>
 *
 * <p>A reading older than its device's newest {@code ts} minus the horizon is counted in the {@code
 * beyondHorizonReadings} metric and not rolled up; it never touches a final row.
 *
 * <h2>State</h2>
 *
 * One {@link DeviceState} value (clock, held hours, daily row progress, cadence) and a map of hour
 * buckets (per reading: ts, rssi, cell; per hour: snr sum, battery minimum, row progress), written
 * with compact serializers. Hours stay until their day is final, because daily percentiles need
 * every value. One processing-time timer per device at a time.
 */
public final class DeviceRollupFunction
    extends KeyedCoProcessFunction<String, SignalReading, DeviceSnapshot, SignalRollup>
    implements CheckpointedFunction {

  private static final long serialVersionUID = 1L;

  /** Side output: the device's learned cadence, whenever it changes (about once per upload). */
  public static final OutputTag<DeviceCadence> CADENCE =
      new OutputTag<>("device-cadence", TypeInformation.of(DeviceCadence.class));

  private final RollupOptions options;
  private transient ValueState<DeviceState> deviceState;
  private transient MapState<Long, HourBucket> hourState;
  private transient ListState<Long> openBucketsState;
  private transient RollupMetrics metrics;
  private transient long restoredOpenBuckets;

  public DeviceRollupFunction(RollupOptions options) {
    this.options = Objects.requireNonNull(options, "options cannot be null");
  }

  @Override
  public void open(OpenContext ctx) {
    deviceState =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("rollup-device", DeviceStateSerializer.INSTANCE));
    hourState =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "rollup-hours", LongSerializer.INSTANCE, HourBucketSerializer.INSTANCE));
    metrics = new RollupMetrics(getRuntimeContext().getMetricGroup());
    metrics.openBuckets(restoredOpenBuckets);
  }

  @Override
  public void processElement1(SignalReading reading, Context ctx, Collector<SignalRollup> out)
      throws Exception {
    DeviceState state = loadOrCreate(ctx);
    if (session(ctx, state, out).onReading(reading) == DeviceRollup.Outcome.ACCEPTED) {
      scheduleAndStore(state, ctx.timerService());
    }
  }

  @Override
  public void processElement2(DeviceSnapshot snapshot, Context ctx, Collector<SignalRollup> out)
      throws Exception {
    DeviceState state = loadOrCreate(ctx);
    session(ctx, state, out).onSnapshot(snapshot);
    scheduleAndStore(state, ctx.timerService());
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<SignalRollup> out)
      throws Exception {
    DeviceState state = deviceState.value();
    if (state == null || timestamp != state.timerAtMs) {
      return; // a timer of state already dropped, or replaced
    }
    state.timerAtMs = 0;
    long now = ctx.timerService().currentProcessingTime();
    DeviceRollup rollup = session(ctx, state, out);
    if (state.hasUnwrittenChanges() && now >= provisionalDueMs(state)) {
      rollup.writeProvisional();
    }
    if (now >= state.lastArrivalMs + options.idleTimeout().toMillis()) {
      rollup.finalizeAll();
      hourState.clear();
      deviceState.clear();
      return;
    }
    scheduleAndStore(state, ctx.timerService());
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    openBucketsState.update(List.of(metrics == null ? restoredOpenBuckets : metrics.openBuckets()));
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    openBucketsState =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("rollup-open-buckets", Types.LONG));
    long sum = 0;
    for (Long count : openBucketsState.get()) {
      sum += count;
    }
    restoredOpenBuckets = sum;
  }

  @VisibleForTesting
  RollupMetrics metrics() {
    return metrics;
  }

  private DeviceState loadOrCreate(Context ctx) throws Exception {
    DeviceState state = deviceState.value();
    if (state == null) {
      state = new DeviceState();
      state.lastArrivalMs = ctx.timerService().currentProcessingTime();
    }
    return state;
  }

  private DeviceRollup session(Context ctx, DeviceState state, Collector<SignalRollup> out) {
    RollupOutput output =
        new RollupOutput() {
          @Override
          public void row(SignalRollup row) {
            out.collect(row);
          }

          @Override
          public void cadence(DeviceCadence cadence) {
            ctx.output(CADENCE, cadence);
          }
        };
    return new DeviceRollup(
        options,
        metrics,
        ctx.getCurrentKey(),
        state,
        new MapStateHours(hourState),
        output,
        ctx.timerService().currentProcessingTime());
  }

  /**
   * Keeps exactly one processing-time timer per device: at the inactivity delay while a bucket has
   * unwritten readings, else at the idle timeout. The timer is moved earlier when needed and
   * re-armed lazily when it fires early, so a burst of readings costs no timer churn.
   */
  private void scheduleAndStore(DeviceState state, TimerService timers) throws Exception {
    long due =
        state.hasUnwrittenChanges()
            ? provisionalDueMs(state)
            : state.lastArrivalMs + options.idleTimeout().toMillis();
    if (state.timerAtMs == 0 || due < state.timerAtMs) {
      if (state.timerAtMs != 0) {
        timers.deleteProcessingTimeTimer(state.timerAtMs);
      }
      timers.registerProcessingTimeTimer(due);
      state.timerAtMs = due;
    }
    deviceState.update(state);
  }

  /**
   * When open buckets are written provisionally: the inactivity delay after the device's next
   * reading was due ({@code last arrival + interval}), so that a device that is simply awake and
   * slow (a reading every 30 minutes, sent at once) is not mistaken for one that went to sleep.
   * Without a known interval, the inactivity delay after the last arrival.
   */
  private long provisionalDueMs(DeviceState state) {
    return state.lastArrivalMs + state.closingIntervalMs() + options.inactivityDelay().toMillis();
  }

  /** The device's hours in Flink map state. */
  private static final class MapStateHours implements HourStore {
    private final MapState<Long, HourBucket> state;

    MapStateHours(MapState<Long, HourBucket> state) {
      this.state = state;
    }

    @Override
    public HourBucket get(long hourIndex) throws Exception {
      return state.get(hourIndex);
    }

    @Override
    public void put(HourBucket hour) throws Exception {
      state.put(hour.hourIndex, hour);
    }

    @Override
    public void remove(long hourIndex) throws Exception {
      state.remove(hourIndex);
    }

    @Override
    public void clear() {
      state.clear();
    }
  }
}
