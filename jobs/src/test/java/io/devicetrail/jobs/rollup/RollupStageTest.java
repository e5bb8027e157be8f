package io.devicetrail.jobs.rollup;

import static io.devicetrail.jobs.rollup.TestReadings.every;
import static io.devicetrail.jobs.rollup.TestReadings.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.connectors.warehouse.model.DeviceCadence;
import io.devicetrail.connectors.warehouse.model.RollupTier;
import io.devicetrail.connectors.warehouse.model.SignalRollup;
import io.devicetrail.events.SignalReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/** The stage wired into a real (local) job, with Kryo switched off as the job does. */
class RollupStageTest {

  private static final Instant DAY0 = Instant.parse("2026-11-02T00:00:00Z");

  @Test
  void rowTypesAreFlinkPojosNotKryoGenerics() {
    assertThat(TypeInformation.of(SignalRollup.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(TypeInformation.of(DeviceCadence.class)).isInstanceOf(PojoTypeInfo.class);
  }

  @Test
  void stageRollsUpKeyedReadingsAndPublishesCadenceInALocalJob() throws Exception {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
    Instant at = DAY0.plus(Duration.ofHours(10)).plusSeconds(30);
    List<SignalReading> readings =
        new ArrayList<>(every("a", DAY0, Duration.ofMinutes(15), 40, at));
    readings.addAll(every("b", DAY0, Duration.ofMinutes(10), 60, at));

    RollupStage.Streams streams =
        RollupStage.attach(
            env.fromData(readings),
            env.fromData(List.of(snapshot("b", 600, DAY0))),
            RollupOptions.defaults());
    List<SignalRollup> rows = new ArrayList<>();
    List<DeviceCadence> cadence = new ArrayList<>();
    try (CloseableIterator<SignalRollup> r = streams.rows().collectAsync();
        CloseableIterator<DeviceCadence> c = streams.cadence().collectAsync()) {
      env.execute("rollup stage test");
      r.forEachRemaining(rows::add);
      c.forEachRemaining(cadence::add);
    }

    // a's snapshot never came: b's vendor interval must not leak to it
    assertThat(rows).filteredOn(x -> x.tier() == RollupTier.HOUR).hasSizeGreaterThanOrEqualTo(19);
    assertThat(rows)
        .filteredOn(x -> x.tier() == RollupTier.HOUR && x.deviceId().equals("b"))
        .allSatisfy(x -> assertThat(x.expectedReadings()).isEqualTo(6));
    assertThat(rows)
        .filteredOn(x -> x.tier() == RollupTier.HOUR && x.deviceId().equals("a"))
        .allSatisfy(x -> assertThat(x.readings()).isEqualTo(4));
    assertThat(cadence).extracting(DeviceCadence::deviceId).contains("a", "b");
  }
}
