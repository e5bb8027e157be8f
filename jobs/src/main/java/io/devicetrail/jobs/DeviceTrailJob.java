package io.devicetrail.jobs;

import io.devicetrail.connectors.kafka.RawRecord;
import io.devicetrail.connectors.warehouse.DeviceAttributes;
import io.devicetrail.connectors.warehouse.model.DeviceCadence;
import io.devicetrail.events.DeadLetter;
import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.SignalReading;
import io.devicetrail.jobs.dim.DeviceAttributeChanges;
import io.devicetrail.jobs.rollup.RollupOptions;
import io.devicetrail.jobs.rollup.RollupStage;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The one DeviceTrail job: Kafka in; the raw Parquet archive, the support database, the warehouse
 * and the dead-letter topic out.
 *
 * <p>It takes its sources and sinks in its constructor, so tests build the same job with their own
 * (see STYLE.md); {@link JobMain} wires the production ones. Every operator has a stable uid so
 * that state survives upgrades from a savepoint.
 */
public final class DeviceTrailJob {

  private final JobSources sources;
  private final JobSinks sinks;
  private final Duration dedupTtl;
  private final RollupOptions rollup;

  public DeviceTrailJob(
      JobSources sources, JobSinks sinks, Duration dedupTtl, RollupOptions rollup) {
    this.sources = Objects.requireNonNull(sources, "sources cannot be null");
    this.sinks = Objects.requireNonNull(sinks, "sinks cannot be null");
    this.dedupTtl = Objects.requireNonNull(dedupTtl, "dedupTtl cannot be null");
    this.rollup = Objects.requireNonNull(rollup, "rollup cannot be null");
  }

  /** The job as {@link JobSettings} describe it. */
  public DeviceTrailJob(JobSources sources, JobSinks sinks, JobSettings settings) {
    this(sources, sinks, settings.dedupTtl(), settings.rollup());
  }

  /** Adds the pipeline to {@code env}; the caller executes it. */
  public void build(StreamExecutionEnvironment env) {
    SingleOutputStreamOperator<SignalReading> signals =
        decode(env, sources.signal(), "signal", DecodeOrDeadLetter.signals(), SignalReading.class);
    SingleOutputStreamOperator<DeviceActivity> activities =
        decode(
            env,
            sources.activity(),
            "activity",
            DecodeOrDeadLetter.activities(),
            DeviceActivity.class);
    SingleOutputStreamOperator<DeviceSnapshot> snapshots =
        decode(
            env, sources.device(), "device", DecodeOrDeadLetter.snapshots(), DeviceSnapshot.class);

    DataStream<DeadLetter> deadLetters =
        signals
            .getSideOutput(DecodeOrDeadLetter.DEAD_LETTERS)
            .union(
                activities.getSideOutput(DecodeOrDeadLetter.DEAD_LETTERS),
                snapshots.getSideOutput(DecodeOrDeadLetter.DEAD_LETTERS));
    deadLetters.sinkTo(sinks.deadLetters()).name("dead letters").uid("sink-deadletter");

    DataStream<SignalReading> readings =
        signals
            .keyBy(SignalReading::deviceId)
            .process(DropDuplicates.readings(dedupTtl))
            .returns(SignalReading.class)
            .name("dedup readings")
            .uid("dedup-signal");
    readings.sinkTo(sinks.signalArchive()).name("archive signal").uid("sink-archive-signal");
    readings.sinkTo(sinks.signalRecent()).name("signal_recent").uid("sink-signal-recent");
    readings
        .sinkTo(sinks.latestFromSignal())
        .name("device_latest (signal)")
        .uid("sink-latest-signal");

    DataStream<DeviceActivity> events =
        activities
            .keyBy(DeviceActivity::deviceId)
            .process(DropDuplicates.activities(dedupTtl))
            .returns(DeviceActivity.class)
            .name("dedup activity")
            .uid("dedup-activity");
    events.sinkTo(sinks.activityArchive()).name("archive activity").uid("sink-archive-activity");
    events.sinkTo(sinks.activityRecent()).name("activity_recent").uid("sink-activity-recent");
    events
        .sinkTo(sinks.latestFromActivity())
        .name("device_latest (activity)")
        .uid("sink-latest-activity");

    snapshots.sinkTo(sinks.device()).name("device").uid("sink-device");

    // The warehouse: raw tier, per-device rollups in each device's own event time, devices'
    // history.
    readings.sinkTo(sinks.signalRaw()).name("signal_raw").uid("sink-signal-raw");
    events.sinkTo(sinks.activityEvent()).name("activity_event").uid("sink-activity-event");
    RollupStage.Streams rollups = RollupStage.attach(readings, snapshots, rollup);
    rollups.rows().sinkTo(sinks.rollups()).name("signal_hourly + signal_daily").uid("sink-rollups");
    rollups
        .cadence()
        .keyBy(DeviceCadence::deviceId)
        .sinkTo(sinks.deviceCadence())
        .name("device_latest (cadence)")
        .uid("sink-latest-cadence");
    snapshots
        .keyBy(DeviceSnapshot::deviceId)
        .connect(events.keyBy(DeviceActivity::deviceId))
        .process(new DeviceAttributeChanges())
        .returns(DeviceAttributes.class)
        .name("device attribute changes")
        .uid("dim-device-changes")
        .sinkTo(sinks.dimDevice())
        .name("dim_device")
        .uid("sink-dim-device");
  }

  private static <T> SingleOutputStreamOperator<T> decode(
      StreamExecutionEnvironment env,
      Source<RawRecord, ?, ?> source,
      String name,
      DecodeOrDeadLetter<T> decoder,
      Class<T> type) {
    // No watermarks: event time is per device (CONTRACT §6), never a global clock.
    return env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka " + name)
        .uid("source-" + name)
        .process(decoder)
        .returns(TypeInformation.of(type))
        .name("decode " + name)
        .uid("decode-" + name);
  }
}
