package io.devicetrail.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.connectors.warehouse.model.DeviceCadence;
import io.devicetrail.connectors.warehouse.model.RollupTier;
import io.devicetrail.connectors.warehouse.model.SignalRollup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

/**
 * Property-style check with a fixed seed: whatever order and duplication the readings of a random
 * fleet arrive in, and across a checkpoint and restore, the last row of every bucket equals the
 * batch oracle's in every data column, for both tiers.
 */
class RollupMatchesOracleTest {

  private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

  @Test
  void everyColumnOfEveryHourlyAndDailyRowEqualsTheOracle() throws Exception {
    RandomFleet fleet =
        new RandomFleet(
            20261126L, 80, START, Duration.ofDays(4), Duration.ofHours(58), Duration.ofHours(6));
    // a short horizon, so that rows also turn final and days leave state during the run
    RollupOptions options = RollupOptions.builder().horizon(Duration.ofDays(2)).build();

    List<SignalRollup> rows = new ArrayList<>();
    List<DeviceCadence> cadence = new ArrayList<>();
    Instant lastDelivery = fleet.deliveries.get(fleet.deliveries.size() - 1).at();
    int half = fleet.deliveries.size() / 2;
    OperatorSubtaskState checkpoint;
    long duplicates;
    long revisions;
    long provisional;
    try (RollupHarness h = new RollupHarness(options, START)) {
      for (var snapshot : fleet.snapshots()) {
        h.device(snapshot);
      }
      for (RandomFleet.Delivery d : fleet.deliveries.subList(0, half)) {
        h.upload(d.at(), d.readings());
      }
      checkpoint = h.snapshot(1);
      rows.addAll(h.rows());
      cadence.addAll(h.cadence());
      duplicates = h.metrics().duplicatesDropped();
      revisions = h.metrics().revisions();
      provisional = h.metrics().provisionalRows();
    }
    try (RollupHarness h =
        new RollupHarness(options, fleet.deliveries.get(half - 1).at(), checkpoint)) {
      for (RandomFleet.Delivery d : fleet.deliveries.subList(half, fleet.deliveries.size())) {
        h.upload(d.at(), d.readings());
      }
      h.advanceTo(lastDelivery.plus(options.idleTimeout()).plusSeconds(1));
      rows.addAll(h.rows());
      cadence.addAll(h.cadence());
      assertThat(h.stateEntries()).as("every device idle and dropped").isZero();
      assertThat(h.metrics().openBuckets()).isZero();
      assertThat(h.metrics().beyondHorizonReadings()).isZero();
      duplicates += h.metrics().duplicatesDropped();
      revisions += h.metrics().revisions();
      provisional += h.metrics().provisionalRows();
    }
    // the history exercises what it should
    assertThat(duplicates).isPositive();
    assertThat(revisions).isPositive();
    assertThat(provisional).isPositive();
    assertThat(rows).anySatisfy(r -> assertThat(r.lateReadings()).isPositive());
    System.out.printf(
        "oracle test: %d readings taken, %d deliveries, %d rows written (%d provisional, %d revisions), %d duplicates dropped%n",
        fleet.taken.size(),
        fleet.deliveries.size(),
        rows.size(),
        provisional,
        revisions,
        duplicates);

    Map<String, Integer> interval =
        fleet.devices.stream()
            .collect(Collectors.toMap(RandomFleet.Device::id, RandomFleet.Device::intervalS));
    Map<String, DeviceCadence> lastCadence = new HashMap<>();
    cadence.forEach(c -> lastCadence.put(c.deviceId(), c));
    assertThat(lastCadence.values())
        .allSatisfy(
            c ->
                assertThat(c.learnedIntervalS())
                    .as(c.deviceId())
                    .isEqualTo(interval.get(c.deviceId())));

    for (RollupTier tier : RollupTier.values()) {
      List<SignalRollup> expected =
          RollupOracle.rollups(fleet.taken, tier, interval::get, Instant.EPOCH);
      Map<String, List<SignalRollup>> written = byBucket(rows, tier);
      assertThat(written.keySet())
          .containsExactlyInAnyOrderElementsOf(expected.stream().map(RollupHarness::key).toList());
      for (SignalRollup want : expected) {
        List<SignalRollup> history = written.get(RollupHarness.key(want));
        SignalRollup last = history.get(history.size() - 1);
        assertThat(RollupOracle.differences(want, last)).as(RollupHarness.key(want)).isEmpty();
        assertRevisionHistoryIsConsistent(history);
      }
    }
  }

  /** Revisions count up from 1 by one per content change; only the last row is final. */
  private static void assertRevisionHistoryIsConsistent(List<SignalRollup> history) {
    String key = RollupHarness.key(history.get(0));
    assertThat(history.get(0).revision()).as(key).isEqualTo(1);
    assertThat(history.get(0).lateReadings()).as(key).isZero();
    for (int i = 1; i < history.size(); i++) {
      SignalRollup before = history.get(i - 1);
      SignalRollup now = history.get(i);
      assertThat(before.isFinal()).as(key + " rewritten after final").isFalse();
      assertThat(now.revision()).as(key).isBetween(before.revision(), before.revision() + 1);
      assertThat(now.readings()).as(key).isGreaterThanOrEqualTo(before.readings());
      assertThat(now.lateReadings()).as(key).isGreaterThanOrEqualTo(before.lateReadings());
      if (now.revision() == before.revision()) {
        assertThat(now.readings())
            .as(key + " same revision, same content")
            .isEqualTo(before.readings());
      } else {
        assertThat(now.lateReadings()).as(key).isGreaterThan(before.lateReadings());
      }
    }
    SignalRollup last = history.get(history.size() - 1);
    assertThat(last.isFinal()).as(key).isTrue();
    assertThat(last.lateReadings())
        .as(key + " late readings came after the first row")
        .isLessThanOrEqualTo(last.readings() - history.get(0).readings());
  }

  private static Map<String, List<SignalRollup>> byBucket(
      List<SignalRollup> rows, RollupTier tier) {
    Map<String, List<SignalRollup>> out = new LinkedHashMap<>();
    for (SignalRollup r : rows) {
      if (r.tier() == tier) {
        out.computeIfAbsent(RollupHarness.key(r), k -> new ArrayList<>()).add(r);
      }
    }
    return out;
  }
}
