package io.devicetrail.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.connectors.warehouse.model.RollupTier;
import io.devicetrail.connectors.warehouse.model.SignalRollup;
import io.devicetrail.events.SignalReading;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The oracle against values worked out by hand from CONTRACT §5. */
class RollupOracleTest {

  private static final Instant H = Instant.parse("2026-11-02T10:00:00Z");

  private static SignalReading r(
      int minute, double rssi, Double snr, String cell, Integer battery) {
    return new SignalReading(
        "d1",
        "t1",
        H.plusSeconds(minute * 60L),
        rssi,
        snr,
        null,
        null,
        cell,
        null,
        null,
        battery,
        H);
  }

  @Test
  void computesEveryColumnOfAnHourAsTheContractDefinesIt() {
    List<SignalReading> readings =
        List.of(
            r(50, -90, null, "B", null),
            r(0, -70, 10.0, "A", 3700),
            r(10, -80, 20.0, null, 3600),
            r(20, -75, null, "A", null),
            r(30, -60, 30.0, "B", 3650),
            r(10, -10, 99.0, "Z", 1), // a duplicate of 10:10: the first one counts
            r(45, -85, null, "B", null),
            r(59, -65, null, "A", 3800));

    List<SignalRollup> rows = RollupOracle.rollups(readings, RollupTier.HOUR, d -> 600, H);

    assertThat(rows).hasSize(1);
    SignalRollup row = rows.get(0);
    assertThat(row.bucketStart()).isEqualTo(H);
    assertThat(row.readings()).isEqualTo(7);
    assertThat(row.expectedReadings()).isEqualTo(6);
    // sorted: -90 -85 -80 -75 -70 -65 -60
    assertThat(row.rssiMin()).isEqualTo(-90);
    assertThat(row.rssiMax()).isEqualTo(-60);
    assertThat(row.rssiAvg()).isEqualTo(-525 / 7.0);
    assertThat(row.rssiP10()).as("rank ceil(0.7) = 1").isEqualTo(-90);
    assertThat(row.rssiP50()).as("rank ceil(3.5) = 4").isEqualTo(-75);
    assertThat(row.rssiP90()).as("rank ceil(6.3) = 7").isEqualTo(-60);
    assertThat(row.snrAvg()).isEqualTo(20.0);
    assertThat(row.cellsSeen()).isEqualTo(2);
    // by ts: A, (null), A, B, B, B, A: null skipped, changes A->B and B->A
    assertThat(row.cellChanges()).isEqualTo(2);
    assertThat(row.batteryMinMv()).isEqualTo(3600);
    assertThat(row.longestGapS()).as("10:30 to 10:45").isEqualTo(15 * 60);
  }

  @Test
  void percentileRanksAreExactWhereFloatingPointWouldRoundUp() {
    // 0.1 * 30 is 3.0000000000000004 in doubles: nearest rank must still be 3, not 4
    List<SignalReading> readings =
        java.util.stream.IntStream.range(0, 30)
            .mapToObj(i -> r(i, -100 + i, null, null, null))
            .toList();
    SignalRollup row = RollupOracle.rollups(readings, RollupTier.HOUR, d -> null, H).get(0);
    assertThat(row.rssiP10()).isEqualTo(-98);
    assertThat(row.rssiP90()).isEqualTo(-74);
    assertThat(row.expectedReadings()).isNull();
    assertThat(row.snrAvg()).isNull();
    assertThat(row.batteryMinMv()).isNull();
    assertThat(row.cellsSeen()).isZero();
  }

  @Test
  void singleReadingHasNoGapAndDaysAreUtcAligned() {
    SignalReading late = r(13 * 60 + 59, -71, null, null, null); // 23:59 UTC
    List<SignalRollup> days = RollupOracle.rollups(List.of(late), RollupTier.DAY, d -> 900, H);
    assertThat(days)
        .singleElement()
        .satisfies(
            day -> {
              assertThat(day.bucketStart()).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
              assertThat(day.longestGapS()).isZero();
              assertThat(day.expectedReadings()).isEqualTo(96);
            });
  }

  @Test
  void differencesNameTheColumnsThatDisagree() {
    SignalRollup a =
        RollupOracle.rollups(List.of(r(0, -70, 1.0, "A", 1)), RollupTier.HOUR, d -> 60, H).get(0);
    SignalRollup b =
        new SignalRollup(
            a.tier(),
            a.deviceId(),
            a.tenantId(),
            a.bucketStart(),
            2,
            60,
            a.rssiMin(),
            a.rssiMax(),
            a.rssiAvg() + 1e-12,
            a.rssiP10(),
            a.rssiP50(),
            a.rssiP90(),
            a.snrAvg(),
            a.cellsSeen(),
            a.cellChanges(),
            a.batteryMinMv(),
            a.longestGapS(),
            5,
            5,
            3,
            true,
            Instant.EPOCH);
    assertThat(RollupOracle.differences(a, b)).containsExactly("readings: expected 1 but was 2");
  }
}
