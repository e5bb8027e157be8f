package io.devicetrail.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The readings' values, over 200 devices and four days, against the contract and the brief. */
class ReadingValuesTest {

  static final Instant NOW = Instant.parse("2026-05-10T06:00:00Z");
  static final double BAD_RATE = 0.02;

  static Fleet fleet;
  static List<List<Reading>> histories = new ArrayList<>();

  @BeforeAll
  static void simulate() {
    fleet =
        Fleet.of(
            SimulatorConfig.builder()
                .seed(11)
                .deviceCount(200)
                .clock(new ManualClock(NOW))
                .historyStart(NOW.minus(Duration.ofDays(4)))
                .badReadingRate(BAD_RATE)
                .build());
    for (String id : fleet.deviceIds()) histories.add(fleet.readingsVisible(id, NOW));
  }

  /** The validity rules of CONTRACT §2, written out here independently of the simulator. */
  static boolean contractValid(Reading r) {
    return in(r.rssiDbm(), -150, 0)
        && in(r.snrDb(), -40, 60)
        && in(r.rsrpDbm(), -160, -30)
        && in(r.rsrqDb(), -40, 0)
        && in(r.lat(), -90, 90)
        && in(r.lon(), -180, 180)
        && (r.batteryMv() == null || in((double) r.batteryMv(), 0, 10000));
  }

  private static boolean in(Double v, double lo, double hi) {
    return v == null || (v >= lo && v <= hi);
  }

  List<Reading> all() {
    return histories.stream().flatMap(List::stream).toList();
  }

  @Test
  void invalidReadingsAreExactlyTheFlaggedOnesAtAboutTheConfiguredRate() {
    List<Reading> all = all();
    assertThat(all).hasSizeGreaterThan(20_000);
    for (Reading r : all) {
      assertThat(contractValid(r)).as("%s", r).isEqualTo(r.valid());
    }
    long flagged = all.stream().filter(r -> !r.valid()).count();
    assertThat((double) flagged / all.size()).isBetween(BAD_RATE * 0.7, BAD_RATE * 1.3);
    assertThat(all.stream().map(Reading::defect).filter(d -> d != null).distinct())
        .containsExactlyInAnyOrder(Defect.values());
  }

  @Test
  void withTheDefaultRateNoReadingIsInvalid() {
    Fleet clean =
        Fleet.of(
            SimulatorConfig.builder()
                .seed(11)
                .deviceCount(200)
                .clock(new ManualClock(NOW))
                .historyStart(NOW.minus(Duration.ofDays(4)))
                .build());
    for (String id : clean.deviceIds().subList(0, 50)) {
      assertThat(clean.readingsVisible(id, NOW))
          .allMatch(Reading::valid)
          .allMatch(ReadingValuesTest::contractValid);
    }
  }

  @Test
  void validReadingsStayWithinRealisticRanges() {
    for (Reading r : all()) {
      if (!r.valid()) continue;
      assertThat(r.rssiDbm()).isBetween(-120.0, -50.0);
      if (r.snrDb() != null) assertThat(r.snrDb()).isBetween(-10.0, 30.0);
      if (r.rsrpDbm() != null) assertThat(r.rsrpDbm()).isBetween(-140.0, -44.0);
      if (r.rsrqDb() != null) assertThat(r.rsrqDb()).isBetween(-20.0, -3.0);
      if (r.batteryMv() != null) assertThat(r.batteryMv()).isBetween(3200, 4300);
      if (r.cellId() != null) assertThat(r.cellId()).matches("[0-9]{1,9}");
      assertThat(r.lat() == null).isEqualTo(r.lon() == null);
    }
  }

  @Test
  void everyNullableFieldIsSometimesNullAndSometimesPresent() {
    List<Reading> all = all();
    List<Function<Reading, Object>> nullable =
        List.of(
            Reading::snrDb,
            Reading::rsrpDbm,
            Reading::rsrqDb,
            Reading::cellId,
            Reading::lat,
            Reading::lon,
            Reading::batteryMv);
    for (Function<Reading, Object> field : nullable) {
      assertThat(all).anyMatch(r -> field.apply(r) == null);
      assertThat(all).anyMatch(r -> field.apply(r) != null);
    }
  }

  @Test
  void rssiMovesSmoothlyButDoesMove() {
    double steps = 0;
    int n = 0;
    int devicesThatMove = 0;
    for (List<Reading> h : histories) {
      List<Reading> valid = h.stream().filter(Reading::valid).toList();
      double min = Double.MAX_VALUE;
      double max = -Double.MAX_VALUE;
      for (int i = 0; i < valid.size(); i++) {
        min = Math.min(min, valid.get(i).rssiDbm());
        max = Math.max(max, valid.get(i).rssiDbm());
        if (i > 0) {
          steps += Math.abs(valid.get(i).rssiDbm() - valid.get(i - 1).rssiDbm());
          n++;
        }
      }
      if (max - min >= 8) devicesThatMove++;
    }
    assertThat(steps / n).as("mean |step| in dB").isLessThan(5);
    assertThat(devicesThatMove).isGreaterThan(150);
  }

  @Test
  void devicesHopAmongAFewCellsNowAndThen() {
    int devicesWithSeveralCells = 0;
    for (List<Reading> h : histories) {
      List<String> cells = h.stream().map(Reading::cellId).filter(c -> c != null).toList();
      Set<String> distinct = new HashSet<>(cells);
      assertThat(distinct.size()).isBetween(1, 5);
      if (distinct.size() > 1) devicesWithSeveralCells++;
      long changes = 0;
      for (int i = 1; i < cells.size(); i++) if (!cells.get(i).equals(cells.get(i - 1))) changes++;
      // Segments last at least four hours; the slowest devices sample hourly.
      assertThat(changes).isLessThanOrEqualTo(cells.size() / 4 + 1);
    }
    assertThat(devicesWithSeveralCells).isGreaterThan(150);
  }

  @Test
  void positionsStayNearTheDevicesHome() {
    for (List<Reading> h : histories) {
      List<Reading> fixes = h.stream().filter(r -> r.valid() && r.lat() != null).toList();
      if (fixes.isEmpty()) continue;
      double latSpread =
          fixes.stream().mapToDouble(Reading::lat).max().getAsDouble()
              - fixes.stream().mapToDouble(Reading::lat).min().getAsDouble();
      assertThat(latSpread).isLessThan(0.1);
    }
  }

  @Test
  void batteriesDrainSlowlyAndRecharge() {
    int recharged = 0;
    for (List<Reading> h : histories) {
      List<Integer> mv =
          h.stream().filter(Reading::valid).map(Reading::batteryMv).filter(v -> v != null).toList();
      for (int i = 1; i < mv.size(); i++) {
        // At most an hour between readings: drains by a few tens of mV per hour at most.
        assertThat(mv.get(i) - mv.get(i - 1)).isGreaterThan(-40);
      }
      if (mv.size() > 1 && mv.get(mv.size() - 1) > mv.get(0) + 100) recharged++;
    }
    assertThat(recharged).isPositive();
  }

  @Test
  void readingsFollowEachDevicesSamplingIntervalInTsOrder() {
    for (int i = 0; i < histories.size(); i++) {
      List<Reading> h = histories.get(i);
      DeviceInfo info = fleet.device(fleet.deviceIds().get(i), NOW);
      assertThat(h).isNotEmpty();
      assertThat(h.get(0).ts()).isAfterOrEqualTo(fleet.historyStart());
      for (int k = 1; k < h.size(); k++) {
        assertThat(Duration.between(h.get(k - 1).ts(), h.get(k).ts()).toSeconds())
            .isEqualTo(info.samplingIntervalS());
      }
      for (Reading r : h) {
        assertThat(r.ts().getNano()).isZero();
        assertThat(r.visibleAt()).isAfterOrEqualTo(r.ts()).isBeforeOrEqualTo(NOW);
      }
    }
  }
}
